// Audit benchmark, standalone (no Nest DI):
//
//   npx tsx --tsconfig tsconfig.base.json test/bench/audit-ingest.ts
//
// Measures, in one run against the PostgreSQL and NATS of the environment (DATABASE_URL,
// NATS_URL; defaults: localhost):
//   1. raw JetStream consume rate: a durable pull consumer taking every message and acking it;
//   2. audit ingest rate from the same stream: parse, check each event's stream link and hash,
//      chain globally, append to the log and feed the live views, ack after commit;
//   3. raw PostgreSQL read rate: every row of a 1,000,000-entry audit log to the client;
//   4. rebuild rate: every audit view rebuilt from that log (blue/green, set-based SQL).
// Knobs: AUDIT_BENCH_EVENTS (ingest, default 200,000: about ten seconds of ingest, so the rate
// is the sustained one, not the consumer's start), AUDIT_BENCH_LOG (rebuild, default
// 1,000,000), AUDIT_BENCH_BATCH (ingest batch, default 5,000: AUDIT_BATCH_SIZE's default). Everything it creates (two
// databases, one NATS namespace) is removed at the end.
import { randomBytes, randomUUID } from 'node:crypto';
import { eventHash, GENESIS_HASH, eventStoreMigrations } from '@bulwark/event-store';
import {
  contextWildcard,
  ensureContextStream,
  streamOf,
  subjectOf,
  toCloudEvent,
} from '@bulwark/messaging';
import { AckPolicy, DeliverPolicy, jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { Client, Pool } from 'pg';
import { DataSource } from 'typeorm';
import { Ingestion } from '../../services/audit/src/log/ingestion';
import { auditMigrations } from '../../services/audit/src/migrations';
import { VIEW_NAMES } from '../../services/audit/src/views/view-definition';
import { ViewVersions } from '../../services/audit/src/replay/view-versions';
import { serverCpuSince } from './server-cpu';
import { at } from './checked';

const serverUrl = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
const natsUrl = process.env.NATS_URL || 'nats://127.0.0.1:4222';
const EVENTS = Number(process.env.AUDIT_BENCH_EVENTS ?? 200_000);
const LOG = Number(process.env.AUDIT_BENCH_LOG ?? 1_000_000);
const BATCH = Number(process.env.AUDIT_BENCH_BATCH ?? 5000);
const tag = randomBytes(4).toString('hex');
const ns = { prefix: `bench${tag}` };

/** CPU µs per event of this process, nats-server and PostgreSQL over a run (null: not on this machine). */
interface CpuPerEvent {
  bench: number;
  natsServer: number | null;
  postgres: number | null;
}

/** Starts measuring the CPU of this process and the servers; `perEvent(n)` ends it. */
function cpuMeter(): { perEvent(events: number): CpuPerEvent } {
  const own = process.cpuUsage();
  const servers = serverCpuSince();
  return {
    perEvent(events) {
      const { user, system } = process.cpuUsage(own);
      const used = servers();
      const per = (seconds: number | null) =>
        seconds === null ? null : Math.round((seconds * 1e7) / events) / 10;
      return {
        bench: Math.round(((user + system) * 10) / events) / 10,
        natsServer: per(used['nats-server']),
        postgres: per(used.postgres),
      };
    },
  };
}

const say = (line: string) => process.stderr.write(`[audit-bench] ${line}\n`);
const rate = (n: number, ms: number) => Math.round((n * 1000) / ms);

async function database(name: string): Promise<{ url: string; drop(): Promise<void> }> {
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const c = new Client({ connectionString: serverUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

async function migrated(url: string): Promise<Pool> {
  const ds = new DataSource({
    type: 'postgres',
    url,
    migrations: [...eventStoreMigrations, ...auditMigrations],
    migrationsTableName: 'migrations',
    logging: ['error'],
  });
  await ds.initialize();
  await ds.runMigrations({ transaction: 'each' });
  await ds.destroy();
  const pool = new Pool({ connectionString: url, max: 8 });
  pool.on('error', (e) => say(`idle connection lost: ${e.message}`));
  return pool;
}

/** Envelopes of 5,000 students' check-in streams, hashed and chained as a store does. */
function envelopes(count: number): string[] {
  const heads = new Map<string, { version: number; hash: string }>();
  const out: string[] = [];
  const metadata = { correlationId: randomUUID(), causationId: null, actor: 'S', commandId: null };
  for (let i = 0; i < count; i += 1) {
    const student = `2020${String(i % 5000).padStart(6, '0')}`;
    const streamId = `check-ins-${student}`;
    const head = heads.get(streamId) ?? { version: 0, hash: GENESIS_HASH };
    const event = {
      globalPosition: BigInt(i + 1),
      transactionId: BigInt(i + 1),
      eventId: randomUUID(),
      streamId,
      streamVersion: head.version + 1,
      type: 'CheckInSubmitted',
      schemaVersion: 1,
      data: {
        studentNumber: student,
        day: '2020-02-03',
        classCode: `sem-2021-${i % 40}`,
        location: { kind: 'off-campus', province: 'Hubei', city: 'Wuhan' },
        temperatureC: 36.5,
        symptoms: [],
      },
      metadata: { ...metadata, actor: student },
      occurredAt: new Date(Date.UTC(2020, 1, 3, 1, 0, 0, i)),
      prevHash: head.hash,
      hash: '',
    };
    event.hash = eventHash(head.hash, event);
    heads.set(streamId, { version: event.streamVersion, hash: event.hash });
    out.push(JSON.stringify(toCloudEvent('reporting', event)));
  }
  return out;
}

interface IngestFigures {
  events: number;
  rawConsumeMs: number;
  rawConsumePerSec: number;
  ingestMs: number;
  ingestPerSec: number;
  ingestBatches: number;
  ingestBatchesLinkedAhead: number;
  /** From start to the first batch committed: the consumer's creation, the lease, the first read. */
  ingestFirstBatchMs: number;
  rawCpuPerEvent: CpuPerEvent;
  ingestCpuPerEvent: CpuPerEvent;
}

async function ingestBench(): Promise<IngestFigures> {
  const nc = await connect({ servers: natsUrl });
  const jsm = await jetstreamManager(nc);
  const js = jetstream(nc);
  const stream = await ensureContextStream(jsm, ns, 'reporting');
  const db = await database(`bench_audit_ingest_${tag}`);
  try {
    say(`publishing ${EVENTS} envelopes to ${stream}`);
    const bodies = envelopes(EVENTS);
    const subject = subjectOf(ns, 'reporting', 'CheckInSubmitted');
    for (let from = 0; from < EVENTS; from += 1000) {
      await Promise.all(bodies.slice(from, from + 1000).map((b) => js.publish(subject, b)));
    }

    say('raw JetStream consume with ack');
    await jsm.consumers.add(stream, {
      durable_name: 'raw',
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      filter_subject: contextWildcard(ns, 'reporting'),
      max_ack_pending: BATCH * 4,
    });
    const consumer = await js.consumers.get(streamOf(ns, 'reporting'), 'raw');
    const rawCpu = cpuMeter();
    const started = Date.now();
    const messages = await consumer.consume({ max_messages: Math.max(BATCH, 256) });
    let seen = 0;
    for await (const m of messages) {
      m.ack();
      seen += 1;
      if (seen === EVENTS) break;
    }
    const rawMs = Date.now() - started;
    const rawCpuPerEvent = rawCpu.perEvent(EVENTS);
    await messages.close();

    say('audit ingest');
    const pool = await migrated(db.url);
    await new ViewVersions(pool).ensureLive('bench');
    let batches = 0;
    let linkedAhead = 0;
    let firstBatchMs = 0;
    let t0 = 0;
    const ingestion = new Ingestion({
      pool,
      nc,
      ns,
      contexts: ['reporting'],
      consumer: 'audit',
      batchSize: BATCH,
      onBatch: (_, summary) => {
        if (batches === 0) firstBatchMs = Date.now() - t0;
        batches += 1;
        if (summary.linkedAhead) linkedAhead += 1;
      },
    });
    const ingestCpu = cpuMeter();
    t0 = Date.now();
    ingestion.start();
    for (;;) {
      const { rows } = await pool.query<{ seq: string }>('SELECT seq FROM audit_chain_head');
      if (Number(at(rows, 0).seq) >= EVENTS) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    const ingestMs = Date.now() - t0;
    const ingestCpuPerEvent = ingestCpu.perEvent(EVENTS);
    await ingestion.stop();
    await pool.end();
    return {
      events: EVENTS,
      rawConsumeMs: rawMs,
      rawConsumePerSec: rate(EVENTS, rawMs),
      ingestMs,
      ingestPerSec: rate(EVENTS, ingestMs),
      ingestBatches: batches,
      ingestBatchesLinkedAhead: linkedAhead,
      ingestFirstBatchMs: firstBatchMs,
      rawCpuPerEvent,
      ingestCpuPerEvent,
    };
  } finally {
    await jsm.streams.delete(stream).catch(() => undefined);
    await nc.drain();
    await db.drop();
  }
}

/** A log of `LOG` entries written set-based: the mix of contexts every view reads. */
async function fillLog(pool: Pool): Promise<void> {
  const chunk = 100_000;
  for (let from = 1; from <= LOG; from += chunk) {
    const to = Math.min(LOG, from + chunk - 1);
    await pool.query(
      `INSERT INTO audit_log (seq, event_id, context, stream_seq, stream_id, stream_version, type, schema_version,
              occurred_at, actor, correlation_id, student_numbers, unit_codes, envelope, prev_hash, hash,
              chain_prev, chain_hash)
       SELECT i, md5('e' || i)::uuid, k.context, i, k.stream, 1, k.type, 1, k.at, k.actor, 'bench',
              ARRAY[k.student], ARRAY['sem'],
              jsonb_build_object('specversion', '1.0', 'id', md5('e' || i)::uuid, 'subject', k.stream,
                                 'type', 'bulwark.' || k.context || '.' || k.type || '.v1', 'time', k.at,
                                 'actor', k.actor, 'data', k.data, 'streamversion', 1)::json,
              repeat('0', 64), md5('h' || i) || md5('i' || i), repeat('0', 64), md5('c' || i) || md5('d' || i)
         FROM generate_series($1::int, $2::int) AS i
        CROSS JOIN LATERAL (
          SELECT 'S' || (i % 50000) AS student, timestamptz '2020-02-01' + (i || ' seconds')::interval AS at,
                 CASE WHEN i % 10 < 5 THEN 'roster' WHEN i % 10 < 7 THEN 'reporting'
                      WHEN i % 10 = 7 THEN 'isolation' WHEN i % 10 = 8 THEN 'meals' ELSE 'volunteers' END AS context,
                 CASE WHEN i % 10 < 5 THEN 'StudentAssignedToRoom' WHEN i % 10 = 5 THEN 'CheckInSubmitted'
                      WHEN i % 10 = 6 THEN 'ClassReportFiled'
                      WHEN i % 10 = 7 THEN (CASE WHEN i % 20 = 7 THEN 'IsolationStarted' ELSE 'IsolationEnded' END)
                      WHEN i % 10 = 8 THEN 'MealDelivered' ELSE 'ServiceMinutesRecorded' END AS type,
                 'actor-' || (i % 997) AS actor,
                 'stream-' || i AS stream,
                 jsonb_build_object('studentNumber', 'S' || (i % 50000), 'day', '2020-02-03',
                                    'collegeCode', 'c' || (i % 12), 'classCode', 'k' || (i % 400),
                                    'lateByMinutes', i % 3, 'placeKind', 'home', 'meal', 'lunch',
                                    'volunteerId', 'v' || (i % 65), 'teamCode', 'zhuiguang', 'minutes', 30,
                                    'roomCode', 'r' || (i % 3000)) AS data) k`,
      [from, to],
    );
    say(`log: ${to}/${LOG}`);
  }
  await pool.query(`UPDATE audit_chain_head SET seq = $1`, [LOG]);
  await pool.query('VACUUM ANALYZE audit_log');
}

async function rebuildBench(): Promise<Record<string, number>> {
  const db = await database(`bench_audit_rebuild_${tag}`);
  const pool = await migrated(db.url);
  try {
    say(`writing a ${LOG}-entry log`);
    await fillLog(pool);

    say('raw PostgreSQL read: every log row to the client');
    const t0 = Date.now();
    let read = 0;
    let after = 0;
    for (;;) {
      const { rows } = await pool.query<{ seq: string }>(
        `SELECT seq, context, type, actor, occurred_at, student_numbers, envelope->'data' AS data
           FROM audit_log WHERE seq > $1 ORDER BY seq LIMIT 10000`,
        [after],
      );
      read += rows.length;
      if (rows.length < 10000) break;
      after = Number(at(rows, rows.length - 1).seq);
    }
    const rawMs = Date.now() - t0;

    say('rebuild of every view (two at a time)');
    const versions = new ViewVersions(pool);
    const t1 = Date.now();
    const queue = [...VIEW_NAMES];
    const perView: Record<string, number> = {};
    await Promise.all(
      [0, 1].map(async () => {
        for (let view = queue.shift(); view; view = queue.shift()) {
          const r = await versions.rebuild(view, { actor: 'bench', reason: 'bench' });
          perView[`${view}Ms`] = r.ms;
          say(`  ${view}: ${r.rows} rows in ${r.ms} ms`);
        }
      }),
    );
    const rebuildMs = Date.now() - t1;
    return {
      logEntries: LOG,
      rawReadMs: rawMs,
      rawReadPerSec: rate(read, rawMs),
      rebuildMs,
      rebuildPerSec: rate(LOG, rebuildMs),
      ...perView,
    };
  } finally {
    await pool.end();
    if (process.env.AUDIT_BENCH_KEEP) say(`kept ${db.url}`);
    else await db.drop();
  }
}

function cpuLine(what: string, cpu: CpuPerEvent): string {
  const f = (v: number | null) => (v === null ? '-' : v.toFixed(1));
  return `${what}: bench process ${f(cpu.bench)}, nats-server ${f(cpu.natsServer)}, PostgreSQL ${f(cpu.postgres)}`;
}

async function main(): Promise<void> {
  const ingest = await ingestBench();
  const rebuild = await rebuildBench();
  const pct = Math.round((100 * ingest.ingestPerSec) / ingest.rawConsumePerSec);
  process.stdout.write(
    [
      '',
      `audit ingest (${ingest.events} events, batch ${BATCH})`,
      `  raw JetStream consume + ack : ${ingest.rawConsumePerSec} msg/s`,
      `  audit ingest                : ${ingest.ingestPerSec} events/s (${pct}% of raw; target >= 50%)`,
      `                                ${ingest.ingestBatches} batches, ${ingest.ingestBatchesLinkedAhead} linked ahead of their transaction; first committed after ${ingest.ingestFirstBatchMs} ms`,
      `  CPU µs per event            : ${cpuLine('raw consume', ingest.rawCpuPerEvent)}`,
      `                                ${cpuLine('ingest', ingest.ingestCpuPerEvent)}`,
      `audit rebuild (${rebuild.logEntries} log entries, ${VIEW_NAMES.length} views)`,
      `  raw PostgreSQL read         : ${rebuild.rawReadPerSec} rows/s (${rebuild.rawReadMs} ms)`,
      `  rebuild every view          : ${rebuild.rebuildPerSec} events/s (${rebuild.rebuildMs} ms; target < 20000 ms)`,
      '',
      JSON.stringify({ ingest, rebuild, ingestShareOfRaw: pct }),
      '',
    ].join('\n'),
  );
}

void main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
