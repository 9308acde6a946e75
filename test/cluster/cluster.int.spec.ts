// Bulwark scaled out on one machine: a 3-node JetStream cluster (deploy/nats/cluster/, on
// loopback ports), streams with 3 replicas, and two processes of every built service (from
// deploy/services.txt) on a database per service. Leaders are killed and a node is cut off
// while roster imports and a burst of check-ins run; afterwards every stored event is in
// JetStream exactly once in commit order, the consumers' effects are complete and single,
// and the audit chain verifies. Sizes: 1,355 students imported (100 before, the rest during the
// tests, 1,000 of them in one import), bursts of 600, 100 + 900 and 600 check-ins.
import { randomBytes } from 'node:crypto';
import { jetstream, jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { streamOf } from '@bulwark/messaging';
import { expectEventually } from '@bulwark/testing';
import { at, present } from './checked';
import { auditComplete, auditVerifies, query, relayedExactlyOnce, storageFigures } from './checks';
import {
  lastSeq,
  moveStreamLeader,
  replicaLastSeq,
  streamLeader,
  untilPublishedPast,
} from './cluster-control';
import { NatsCluster } from './nats-cluster';
import { ServiceFleet } from './service-fleet';
import { burst, checkIn, rosterCsv, studentNumber, units, Workload } from './workload';

/** nats-server client ports 14301-14303, routes 16301-16303, monitoring 18301-18303. */
const NATS_BASE = 14300;
/** Service HTTP ports from here, two per service. */
const FIRST_PORT = 14400;
/** Students imported before the tests; each test imports more while it runs. */
const INITIAL_STUDENTS = 100;
/** Students of the import the two reporting replicas take from one durable consumer. */
const SHARED_IMPORT = 1000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A time zone where it is now about noon, so deadlines of 00:01-00:03 have passed today. */
function noonZone(): string {
  const offset = ((12 - new Date().getUTCHours() + 36) % 24) - 12; // -12..11
  return offset === 0 ? 'Etc/GMT' : `Etc/GMT${offset > 0 ? '-' : '+'}${Math.abs(offset)}`;
}

jest.setTimeout(300_000);

describe('Bulwark on a 3-node JetStream cluster, two replicas per service', () => {
  const tag = `cl${randomBytes(3).toString('hex')}`;
  const secret = `cluster-${randomBytes(8).toString('hex')}`;
  const work = new Workload(secret);
  let cluster: NatsCluster;
  let fleet: ServiceFleet;
  let nc: NatsConnection;
  let jsm: JetStreamManager;
  /** The same with a short timeout, to time a recovery closely while the cluster has no leader. */
  let poll: JetStreamManager;
  let nextStudent = 0;
  const REPORTING = streamOf({ prefix: tag }, 'reporting');

  const roster = () => fleet.of('roster');
  const reporting = () => fleet.of('reporting');

  async function importStudents(
    count: number,
    classFor?: (i: number) => string,
  ): Promise<number[]> {
    const from = nextStudent;
    nextStudent += count;
    const csv = rosterCsv(from, nextStudent, classFor);
    await work.expectStatus(
      201,
      work.send(roster(), 'POST', '/roster-imports', work.office, csv, 'text/csv'),
      `roster import ${from}-${nextStudent}`,
    );
    return Array.from({ length: count }, (_, k) => from + k);
  }

  /** Waits until reporting's copy of the roster holds every student roster has. */
  async function rosterCopyComplete(timeoutMs = 60_000): Promise<void> {
    await expectEventually(
      async () => {
        const copy = at(
          await query<{ n: number }>(
            fleet.databaseUrl('reporting'),
            `SELECT count(*)::int AS n FROM roster_replica_students WHERE class_code IS NOT NULL`,
          ),
          0,
        );
        expect(copy.n).toBe(nextStudent);
      },
      { timeoutMs, intervalMs: 250 },
    );
  }

  /** Check-ins of `students`, `rounds` each (a repeat is an amendment), 8 in flight. */
  async function checkIns(students: number[], rounds: number, firstRound = 0): Promise<void> {
    await burst(students.length * rounds, 8, async (k) => {
      const i = at(students, k % students.length);
      const round = firstRound + Math.floor(k / students.length);
      await work.expectStatus(
        201,
        work.send(
          reporting(),
          'POST',
          '/check-ins',
          work.studentToken(studentNumber(i)),
          checkIn(i, round),
        ),
        `check-in of ${studentNumber(i)}`,
      );
    });
  }

  /** Waits until `node`'s own copy of each stream holds what the stream's leader holds. */
  async function caughtUp(node: string, streams: string[], since: number): Promise<string> {
    const took: string[] = [];
    for (const stream of streams) {
      try {
        await expectEventually(
          async () =>
            expect({ stream, node, lastSeq: await replicaLastSeq(cluster, node, stream) }).toEqual({
              stream,
              node,
              lastSeq: await lastSeq(jsm, stream),
            }),
          { timeoutMs: 120_000, intervalMs: 500 },
        );
      } catch (error) {
        const copies: string[] = [];
        for (const n of cluster.nodes) {
          const seqs = await Promise.all(streams.map((st) => replicaLastSeq(cluster, n.name, st)));
          copies.push(`${n.name}: ${streams.map((st, k) => `${st}=${seqs[k]}`).join(' ')}`);
        }
        const log = cluster.logLines(node, new RegExp(`${stream}|WRN|ERR|atchup|eset`));
        throw new Error(`${String(error)}\ncopies:\n${copies.join('\n')}\n${node} log:\n${log}`);
      }
      took.push(`${stream} ${Date.now() - since} ms`);
    }
    return took.join(', ');
  }

  /**
   * Every stream of the suite has three replicas: none was set back by a service starting.
   * Asked again while the cluster settles after a failure (the API may time out meanwhile).
   */
  async function everyStreamReplicated(): Promise<void> {
    await expectEventually(
      async () => {
        const streams = (await jsm.streams.names().next()).filter((s) =>
          s.startsWith(tag.toUpperCase()),
        );
        expect(streams.length).toBeGreaterThanOrEqual(fleet.services.length);
        for (const stream of streams) {
          const info = await jsm.streams.info(stream);
          expect({ stream, replicas: info.config.num_replicas }).toEqual({ stream, replicas: 3 });
        }
      },
      { timeoutMs: 60_000, intervalMs: 1000 },
    );
  }

  /** Everything relayed once, audited once, copied once; deadlines recorded once; verified. */
  async function everythingOnce(): Promise<void> {
    await everyStreamReplicated();
    await rosterCopyComplete();
    await expectEventually(
      async () => {
        const events = await relayedExactlyOnce(fleet, nc, jsm);
        await auditComplete(fleet.databaseUrl('audit'), events);
      },
      { timeoutMs: 120_000, intervalMs: 1000 },
    );
    const enrolled = at(
      await query<{ n: number }>(
        fleet.databaseUrl('roster'),
        `SELECT count(*)::int AS n FROM events WHERE type = 'StudentEnrolled'`,
      ),
      0,
    );
    expect(enrolled.n).toBe(nextStudent);
    const copied = at(
      await query<{ n: number }>(
        fleet.databaseUrl('reporting'),
        `SELECT count(*)::int AS n FROM roster_replica_students`,
      ),
      0,
    );
    expect(copied.n).toBe(nextStudent);
    // Two replicas tick the deadlines: each miss and each flag is recorded once.
    const twice = await query<{ key: string; n: number }>(
      fleet.databaseUrl('reporting'),
      `SELECT concat_ws(' ', type, data->>'day', data->>'step', data->>'unitCode', data->>'studentNumber') AS key,
              count(*)::int AS n
         FROM events WHERE type IN ('DeadlineMissed', 'StudentFlaggedNonResponder')
        GROUP BY 1 HAVING count(*) > 1`,
    );
    expect(twice).toEqual([]);
    await auditVerifies(fleet, ['roster', 'reporting']);
  }

  beforeAll(async () => {
    cluster = await NatsCluster.start(NATS_BASE);
    const zone = noonZone();
    fleet = new ServiceFleet({
      serverUrl: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
      tag,
      natsUrls: cluster.urls,
      firstPort: FIRST_PORT,
      replicas: 2,
      jwtSecret: secret,
      env: (service): Record<string, string> =>
        service === 'reporting'
          ? {
              UNIVERSITY_TIMEZONE: zone,
              REPORT_DEADLINES: '00:01,00:02,00:03',
              DEADLINE_TICK_MS: '1000',
            }
          : {},
    });
    nc = await connect({
      servers: cluster.urls,
      // A node cut off (SIGSTOP) keeps its sockets open: notice within seconds, not minutes.
      pingInterval: 1000,
      maxPingOut: 2,
      reconnectTimeWait: 250,
      maxReconnectAttempts: -1,
    });
    jsm = await jetstreamManager(nc, { timeout: 10_000 });
    poll = await jetstreamManager(nc, { timeout: 2000 });
    await fleet.migrate();
    await everyStreamReplicated();
    await fleet.startAll();
    await everyStreamReplicated();
    for (const unit of units()) {
      await work.expectStatus(
        201,
        work.send(roster(), 'POST', '/units', work.office, JSON.stringify(unit)),
        `unit ${unit.code}`,
      );
    }
    await importStudents(INITIAL_STUDENTS);
    await rosterCopyComplete();
  });

  afterAll(async () => {
    await fleet?.close();
    await nc?.close();
    await cluster?.close();
  });

  it('two replicas pull from one durable consumer: each event delivered once, applied once', async () => {
    const before = await cluster.deliveredTo('reporting-consumer');
    await importStudents(SHARED_IMPORT);
    await rosterCopyComplete(120_000);
    const after = await cluster.deliveredTo('reporting-consumer');
    const shares = [...after].map(([connection, n]) => ({
      connection,
      delivered: n - (before.get(connection) ?? 0),
    }));
    const durables = (await jsm.consumers.list(streamOf({ prefix: tag }, 'roster')).next()).filter(
      (c) => c.name.startsWith('reporting'),
    );
    console.log(
      `one durable consumer: ${SHARED_IMPORT} roster events delivered to reporting's replicas as ` +
        shares.map((s) => `${s.delivered} (${s.connection})`).join(', ') +
        `; ${durables.map((c) => `${c.name}: leader ${c.cluster?.leader}, ${c.num_waiting} pulls waiting`).join(', ')}`,
    );
    // Both replicas pull from the same durable (not one each), and each event is delivered
    // once between them: the consumer's ack floor moved by the import, nothing redelivered.
    expect(durables).toHaveLength(1);
    expect(shares).toHaveLength(2);
    expect(shares.reduce((sum, s) => sum + s.delivered, 0)).toBe(SHARED_IMPORT);
    await everythingOnce();
  });

  it('loses and doubles nothing when the meta leader and the busiest stream leader are killed', async () => {
    const victim = await cluster.waitForMetaLeader(10_000);
    await moveStreamLeader(nc, jsm, REPORTING, victim);
    const students = Array.from({ length: INITIAL_STUDENTS }, (_, i) => i);
    let killedAt = 0;
    let recoveryMs = 0;
    const chaos = (async () => {
      await sleep(1500);
      const seq = (await lastSeq(jsm, REPORTING)) ?? 0;
      killedAt = Date.now();
      await cluster.kill(victim);
      recoveryMs = await untilPublishedPast(poll, REPORTING, seq, killedAt);
    })();
    // Roster imports go on meanwhile; reporting takes a burst of check-ins.
    const imports = (async () => {
      for (let k = 0; k < 4; k += 1) await importStudents(50);
    })();
    await Promise.all([checkIns(students, 6), imports, chaos]);
    const newLeader = await cluster.waitForMetaLeader(30_000, victim);
    console.log(
      `leader kill: ${victim} (meta leader and ${REPORTING} leader) SIGKILLed; meta leader now ` +
        `${newLeader}; the relay published again ${recoveryMs} ms after the kill ` +
        `(600 check-ins, 200 students imported)`,
    );
    await sleep(2000);
    await cluster.restart(victim);
    await everythingOnce();
    const took = await caughtUp(victim, [REPORTING, streamOf({ prefix: tag }, 'roster')], killedAt);
    console.log(
      `leader kill: ${victim}'s copies caught up after its restart (since the kill): ${took}`,
    );
  });

  it('a service replica killed mid-burst: the other takes over its relay and deadline ticks', async () => {
    // Which reporting replica holds the relay lease: the one whose publications grow.
    const before = await Promise.all(reporting().map((i) => fleet.published(i)));
    const warm = checkIns(
      Array.from({ length: 100 }, (_, i) => i),
      1,
      10,
    );
    await warm;
    await sleep(500);
    const after = await Promise.all(reporting().map((i) => fleet.published(i)));
    const grew = after.map((n, k) => n - at(before, k));
    // One relay per database: exactly one replica published the warm-up's events.
    expect(grew.filter((n) => n > 0)).toHaveLength(1);
    const active = at(reporting(), at(grew, 0) > 0 ? 0 : 1);
    const survivor = present(
      reporting().find((i) => i !== active),
      'a reporting replica other than the relay lease holder',
    );
    const survivorBefore = await fleet.published(survivor);

    let recoveryMs = 0;
    const chaos = (async () => {
      await sleep(1000);
      const seq = (await lastSeq(jsm, REPORTING)) ?? 0;
      const killedAt = Date.now();
      await fleet.kill(active);
      recoveryMs = await untilPublishedPast(poll, REPORTING, seq, killedAt);
    })();
    await Promise.all([
      checkIns(
        Array.from({ length: 150 }, (_, i) => i),
        6,
        20,
      ),
      chaos,
    ]);
    console.log(
      `replica kill: reporting#${active.index} (relay lease holder) SIGKILLed; ` +
        `reporting#${survivor.index} published again ${recoveryMs} ms after the kill (900 check-ins)`,
    );
    expect(await fleet.published(survivor)).toBeGreaterThan(survivorBefore);

    // A college created while only the survivor runs: its deadlines are ticked by the survivor.
    for (const unit of [
      { code: 'late', name: 'Late college', level: 'college', parentCode: 'uni' },
      { code: 'late-g', name: 'Late grade', level: 'grade', parentCode: 'late' },
      { code: 'late-k0', name: 'Late class', level: 'class', parentCode: 'late-g' },
    ]) {
      await work.expectStatus(
        201,
        work.send(roster(), 'POST', '/units', work.office, JSON.stringify(unit)),
        `unit ${unit.code}`,
      );
    }
    // The scheduler looks at colleges with students.
    await importStudents(5, () => 'late-k0');
    await expectEventually(
      async () => {
        const rows = await query<{ step: string; unit: string }>(
          fleet.databaseUrl('reporting'),
          `SELECT data->>'step' AS step, data->>'unitCode' AS unit FROM events
            WHERE type = 'DeadlineMissed' AND data->>'collegeCode' = 'late' ORDER BY 1`,
        );
        expect(rows).toEqual([
          { step: 'class-report', unit: 'late-k0' },
          { step: 'first-review', unit: 'late' },
          { step: 'submission', unit: 'late' },
        ]);
      },
      { timeoutMs: 60_000, intervalMs: 500 },
    );
    await fleet.restart(active);
    await everythingOnce();
  });

  it('a node cut off longer than an election: the cluster keeps accepting, the node catches up', async () => {
    const victim = present(await streamLeader(jsm, REPORTING), `a leader of ${REPORTING}`);
    const probe = `${tag.toUpperCase()}_PROBE`;
    await jsm.streams.add({ name: probe, subjects: [`${tag}.probe.>`], num_replicas: 3 });
    await moveStreamLeader(nc, jsm, probe, victim);
    const js = jetstream(nc);

    const seq = (await lastSeq(jsm, REPORTING)) ?? 0;
    const stoppedAt = Date.now();
    cluster.stop(victim);
    const load = Promise.all([
      checkIns(
        Array.from({ length: 150 }, (_, i) => i),
        4,
        40,
      ),
      importStudents(50),
    ]);
    // Longer than the election timeout (2-5 s in 2.9): the others elect new leaders.
    let accepted = 0;
    let firstAcceptedMs: number | null = null;
    for (let i = 0; i < 10; i += 1) {
      // Our own connection may have been on the stopped node: retried, de-duplicated by id.
      for (let attempt = 0; ; attempt += 1) {
        try {
          await js.publish(`${tag}.probe.x`, `probe ${i}`, { msgID: `probe-${i}`, timeout: 5000 });
          accepted += 1;
          firstAcceptedMs ??= Date.now() - stoppedAt;
          break;
        } catch (error) {
          if (attempt >= 5) throw error;
        }
      }
    }
    const probeLeader = await streamLeader(jsm, probe);
    await sleep(Math.max(0, 8000 - (Date.now() - stoppedAt)));
    const cutOffMs = Date.now() - stoppedAt;
    cluster.cont(victim);
    await load;
    const resumedMs = await untilPublishedPast(poll, REPORTING, seq, stoppedAt);
    console.log(
      `partition: ${victim} (${REPORTING} and probe leader) stopped for ${cutOffMs} ms; the probe ` +
        `stream (its leader cut off with it) accepted its first message ${firstAcceptedMs} ms after ` +
        `the cut and ${accepted} in all under ${probeLeader}; reporting's relay published ` +
        `${resumedMs} ms after the cut (600 check-ins, 50 students imported)`,
    );
    expect(accepted).toBe(10);
    expect(probeLeader).not.toBe(victim);
    await everythingOnce();
    const took = await caughtUp(
      victim,
      [REPORTING, probe, streamOf({ prefix: tag }, 'roster')],
      stoppedAt,
    );
    console.log(`partition: ${victim}'s copies caught up (since the cut): ${took}`);
    await jsm.streams.delete(probe);
    console.log(
      `bytes per event, small tables (${nextStudent} students):\n${(await storageFigures(fleet, jsm)).join('\n')}\npeak RSS: ${fleet.peakMemory().join(', ')}`,
    );
  });
});
