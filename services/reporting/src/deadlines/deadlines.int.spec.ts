import type { Role } from '@bulwark/auth';
import {
  reportingInfrastructure,
  ROSTER_DURABLE,
  startReportingApp,
  type ReportingApp,
  type TestInfrastructure,
} from '../test-support/reporting-app';
import { RosterFeed } from '@bulwark/roster-replica/test-support';
import { beijing, SettableClock } from '../test-support/settable-clock';
import { seedWorld } from '../test-support/world';

const DAY = '2022-01-05';
const NEXT = '2022-01-06';

/**
 * Two replicas of the service on one database, each with its own clock set by the test,
 * looking at the deadlines at the same moments, with restarts in between: every missed
 * deadline and every non-responder is recorded exactly once.
 */
describe('deadlines with two replicas and restarts (real PostgreSQL and NATS)', () => {
  let infra: TestInfrastructure;
  let feed: RosterFeed;
  let a: ReportingApp;
  let b: ReportingApp;

  const both = async (day: string, hhmm: string) => {
    a.clock.setBeijing(day, hhmm);
    b.clock.setBeijing(day, hhmm);
    const [x, y] = await Promise.all([a.scheduler.tick(), b.scheduler.tick()]);
    return {
      deadlinesMissed: x.deadlinesMissed + y.deadlinesMissed,
      nonRespondersFlagged: x.nonRespondersFlagged + y.nonRespondersFlagged,
    };
  };
  const restart = async (app: ReportingApp, day: string, hhmm: string) => {
    await app.close();
    return startReportingApp(infra, new SettableClock(beijing(day, hhmm)));
  };
  const recorded = async (type: string) =>
    (
      await a.pool.query<{ key: string; n: number }>(
        `SELECT CASE type WHEN 'DeadlineMissed' THEN concat_ws(' ', data->>'day', data->>'step', data->>'unitCode')
                          ELSE concat_ws(' ', data->>'day', data->>'studentNumber') END AS key,
                count(*)::int AS n
           FROM events WHERE type = $1 GROUP BY 1 ORDER BY 1`,
        [type],
      )
    ).rows;

  beforeAll(async () => {
    infra = await reportingInfrastructure('deadlines');
    a = await startReportingApp(infra, new SettableClock(beijing(DAY, '09:00')));
    b = await startReportingApp(infra, new SettableClock(beijing(DAY, '09:00')));
    feed = await RosterFeed.connect(infra.config.natsUrl, infra.config.natsPrefix, ROSTER_DURABLE);
    await seedWorld(feed);
    const token = (sub: string, roles: Role[], scopes: string[]) => a.token(roles, scopes, sub);
    const checkIn = {
      location: { kind: 'on-campus' },
      health: { temperatureC: 36.4 },
      exposure: 'none',
    };
    for (const n of ['S1', 'S2', 'S5']) {
      await a
        .http()
        .post('/check-ins')
        .set('Authorization', token(n, ['student'], []))
        .send(checkIn)
        .expect(201);
    }
    await b
      .http()
      .put(`/days/${DAY}/classes/sem-2021-1/report`)
      .set('Authorization', token('T-1', ['counsellor'], ['sem-2021-1']))
      .send({ kind: 'zero' })
      .expect(200);
  });
  afterAll(async () => {
    await feed.close();
    await a.close();
    await b.close();
    await infra.db.drop();
    // Streams outlive the service processes: the suite removes its own once they are closed.
    await infra.nats.removeStreams();
  });

  it('before the deadline, nothing is recorded', async () => {
    expect(await both(DAY, '10:59')).toEqual({ deadlinesMissed: 0, nonRespondersFlagged: 0 });
  });

  it('at the class deadline, both replicas look at once: each miss and each non-responder once', async () => {
    expect(await both(DAY, '11:01')).toEqual({ deadlinesMissed: 2, nonRespondersFlagged: 4 });
    expect(await recorded('DeadlineMissed')).toEqual([
      { key: `${DAY} class-report law-2021-1`, n: 1 },
      { key: `${DAY} class-report sem-2021-2`, n: 1 },
    ]);
    expect(await recorded('StudentFlaggedNonResponder')).toEqual(
      ['L1', 'S3', 'S4', 'S6'].map((s) => ({ key: `${DAY} ${s}`, n: 1 })),
    );
  });

  it('after a restart of one replica, looking again records nothing new', async () => {
    b = await restart(b, DAY, '11:02');
    expect(await both(DAY, '11:06')).toEqual({ deadlinesMissed: 0, nonRespondersFlagged: 0 });
  });

  it('the first review and the submission are recorded once per college, across another restart', async () => {
    expect(await both(DAY, '12:01')).toEqual({ deadlinesMissed: 2, nonRespondersFlagged: 0 });
    a = await restart(a, DAY, '12:30');
    expect(await both(DAY, '12:31')).toEqual({ deadlinesMissed: 0, nonRespondersFlagged: 0 });
    expect(await both(DAY, '13:00')).toEqual({ deadlinesMissed: 2, nonRespondersFlagged: 0 });
    b = await restart(b, DAY, '13:05');
    expect(await both(DAY, '13:06')).toEqual({ deadlinesMissed: 0, nonRespondersFlagged: 0 });
    expect(await recorded('DeadlineMissed')).toEqual([
      { key: `${DAY} class-report law-2021-1`, n: 1 },
      { key: `${DAY} class-report sem-2021-2`, n: 1 },
      { key: `${DAY} first-review law`, n: 1 },
      { key: `${DAY} first-review sem`, n: 1 },
      { key: `${DAY} submission law`, n: 1 },
      { key: `${DAY} submission sem`, n: 1 },
    ]);
  });

  it('the next day, the new deadlines are recorded once and yesterday’s are not repeated', async () => {
    a = await restart(a, NEXT, '11:30');
    b = await restart(b, NEXT, '11:30');
    expect(await both(NEXT, '11:30')).toEqual({ deadlinesMissed: 3, nonRespondersFlagged: 7 });
    expect(await both(NEXT, '11:31')).toEqual({ deadlinesMissed: 0, nonRespondersFlagged: 0 });
    const missed = await recorded('DeadlineMissed');
    expect(missed.every((m) => m.n === 1)).toBe(true);
    expect(missed.filter((m) => m.key.startsWith(DAY))).toHaveLength(6);
    expect(missed.filter((m) => m.key.startsWith(NEXT))).toHaveLength(3);
    const flags = await recorded('StudentFlaggedNonResponder');
    expect(flags.every((f) => f.n === 1)).toBe(true);
    expect(flags).toHaveLength(4 + 7);
  });

  it('the day view shows each missed step once', async () => {
    await a.caughtUp();
    const res = await a.http().get(`/days/${DAY}`).set('Authorization', a.office).expect(200);
    const sem = res.body.colleges.find((c: { collegeCode: string }) => c.collegeCode === 'sem');
    expect(sem.students).toMatchObject({ expected: 6, checkedIn: 3, unreached: 3 });
    expect(sem.chain).toMatchObject({
      classReports: { expected: 2, zero: 1, missing: 1, deadlinesMissed: 1 },
      firstReview: { done: false, deadlineMissed: true },
      submission: { done: false, deadlineMissed: true },
    });
  });
});
