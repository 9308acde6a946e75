import type { Role } from '@bulwark/auth';
import {
  reportingInfrastructure,
  ROSTER_DURABLE,
  startReportingApp,
  type ReportingApp,
} from './reporting-app';
import type { TestInfrastructure } from './reporting-app';
import { RosterFeed } from '@bulwark/roster-replica/test-support';
import { SettableClock } from './settable-clock';
import { seedWorld } from './world';

/** The day the reporting suites play. */
export const DAY = '2022-01-05';

/** A normal check-in's answers, as a client sends them. */
export const normal = {
  location: { kind: 'off-campus', province: 'Hubei', city: 'Wuhan' },
  health: { temperatureC: 36.5, symptoms: [] },
  exposure: 'none',
};

/** Events in the store, of one type or all. */
export const eventCount = async (r: ReportingApp, type?: string): Promise<number> =>
  Number(
    (
      await r.pool.query<{ n: string }>(
        `SELECT count(*) AS n FROM events WHERE $1::text IS NULL OR type = $1`,
        [type ?? null],
      )
    ).rows[0]?.n,
  );

export interface ReportingSuite {
  readonly clock: SettableClock;
  readonly infra: TestInfrastructure;
  readonly feed: RosterFeed;
  readonly r: ReportingApp;
  /** A token for `sub` with these roles and scopes. */
  as(sub: string, roles: Role[], scopes: string[]): string;
  /** A student's own token. */
  student(studentNumber: string): string;
  /** Class counsellors of sem-2021-1 (T-1) and sem-2021-2 (T-2). */
  readonly counsellor1: string;
  readonly counsellor2: string;
  /** POSTs a check-in with a token. */
  checkIn(token: string, body: object): ReturnType<ReturnType<ReportingApp['http']>['post']>;
}

/**
 * One reporting service over its own database and stream prefix, with the test university
 * seeded, at 09:00 in Beijing on DAY; closed, and its database and streams removed, after the
 * suite. Read its fields inside tests and hooks (they are set in `beforeAll`).
 */
export function reportingSuite(name: string): ReportingSuite {
  const clock = new SettableClock(new Date(`${DAY}T09:00:00+08:00`));
  let opened: { infra: TestInfrastructure; r: ReportingApp; feed: RosterFeed } | null = null;
  const open = () => {
    if (!opened) throw new Error('the reporting suite is not open yet (read it inside a test)');
    return opened;
  };
  beforeAll(async () => {
    const infra = await reportingInfrastructure(name);
    const r = await startReportingApp(infra, clock);
    const feed = await RosterFeed.connect(
      infra.config.natsUrl,
      infra.config.natsPrefix,
      ROSTER_DURABLE,
    );
    await seedWorld(feed);
    opened = { infra, r, feed };
  });
  afterAll(async () => {
    if (!opened) return;
    await opened.feed.close();
    await opened.r.close();
    await opened.infra.db.drop();
    // Streams outlive the service processes: the suite removes its own once they are closed.
    await opened.infra.nats.removeStreams();
  });
  const as = (sub: string, roles: Role[], scopes: string[]) => open().r.token(roles, scopes, sub);
  return {
    clock,
    get infra() {
      return open().infra;
    },
    get feed() {
      return open().feed;
    },
    get r() {
      return open().r;
    },
    as,
    student: (n) => as(n, ['student'], []),
    get counsellor1() {
      return as('T-1', ['counsellor'], ['sem-2021-1']);
    },
    get counsellor2() {
      return as('T-2', ['counsellor'], ['sem-2021-2']);
    },
    checkIn: (token, body) =>
      open().r.http().post('/check-ins').set('Authorization', token).send(body),
  };
}
