// The morning burst of reporting: N students (default 50,000) check in through the HTTP API
// as fast as the service takes them, then the day's views must show every one of them.
//
//   npx tsx --tsconfig tsconfig.base.json test/bench/reporting-burst.ts
//
// Runs on its own (not part of run.ts). The service runs as a real process from its build
// (services/reporting/dist/main.js; built first unless SKIP_BUILD=1) on a database and NATS
// namespace of its own, both removed at the end. The roster copy is seeded the way production
// feeds it: roster events published to JetStream, applied by the service's own consumer.
//
// Environment: DATABASE_URL (a server the bench may create databases on; default
// postgres://postgres@127.0.0.1:5432/postgres), NATS_URL (default nats://127.0.0.1:4222),
// BENCH_STUDENTS (50000), BENCH_CONCURRENCY (in-flight requests, 64), BENCH_PG_POOL (the
// service's PG_POOL_SIZE, 20), BENCH_REPLICAS (service processes on one database, requests
// spread round-robin as a load balancer would; 1), BENCH_PORT (first port, 3902),
// BENCH_RAW_SECONDS (5), BENCH_HTTP_CLIENT (`node` for Node's http client in the burst instead
// of the bench's own keep-alive connections), BENCH_HISTORY_DAYS (earlier reporting days of
// check-ins every student already has, so the burst runs on day N + 1 of a lockdown; 0),
// BENCH_HISTORY_ANALYZE (0: skip the ANALYZE after seeding the history), SKIP_BUILD=1.
// Prints the figures; targets (all accepted in < 30 s, views within 5 s) are reported as met
// or missed, never asserted.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { randomBytes, randomUUID } from 'node:crypto';
import { Agent, request } from 'node:http';
import { connect as connectTcp, type Socket } from 'node:net';
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { jetstream, jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { sign } from 'jsonwebtoken';
import { Client, Pool } from 'pg';
import { reportingStreamId } from '@bulwark/contracts';
import { PostgresEventStore, type StreamSnapshot } from '@bulwark/event-store';
import { SNAPSHOT_AFTER_EVENTS } from '../../services/reporting/src/check-in/check-in.snapshots';
import {
  checkInRecordSnapshot,
  checkInRecordToJson,
  decideSubmitCheckIn,
  evolveCheckIns,
  initialCheckInRecord,
  type CheckInAnswersInput,
} from '../../services/reporting/src/check-in/domain';
import { addDays } from '../../services/reporting/src/rules/domain/reporting-day';
import { defaultRules } from '../../services/reporting/src/rules/domain/rules';
import { procCpu } from './server-cpu';
import { at } from './checked';

const root = resolve(__dirname, '../..');
const env = process.env;
const num = (name: string, fallback: number): number => {
  const value = Number(env[name] ?? fallback);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number`);
  return value;
};
const config = {
  serverUrl: env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres',
  natsUrl: env.NATS_URL || 'nats://127.0.0.1:4222',
  students: Math.round(num('BENCH_STUDENTS', 50_000)),
  concurrency: Math.round(num('BENCH_CONCURRENCY', 64)),
  pgPool: Math.round(num('BENCH_PG_POOL', 20)),
  port: Math.round(num('BENCH_PORT', 3902)),
  replicas: Math.round(num('BENCH_REPLICAS', 1)),
  rawSeconds: num('BENCH_RAW_SECONDS', 5),
  /** BENCH_HTTP_CLIENT=node: the burst through Node's http client (the bench's first client). */
  nodeHttpClient: env.BENCH_HTTP_CLIENT === 'node',
  /** BENCH_HISTORY_DAYS: days of check-ins before today, written before the service starts. */
  historyDays:
    (env.BENCH_HISTORY_DAYS ?? '0') === '0' ? 0 : Math.round(num('BENCH_HISTORY_DAYS', 1)),
};
const TARGET_ACCEPT_SECONDS = 30;
const TARGET_VIEW_SECONDS = 5;
const STUDENTS_PER_CLASS = 40;
const CLASSES_PER_COLLEGE = 50;
const SECRET = `bench-${randomBytes(8).toString('hex')}`;
const TIME_ZONE = 'Asia/Shanghai';
const log = (message: string) => console.error(`[reporting-burst] ${message}`);

const tag = randomBytes(4).toString('hex');
const dbName = `bulwark_bench_reporting_${tag}`;
const prefix = `benchrep${tag}`;

function databaseUrl(name: string): string {
  const url = new URL(config.serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function onServer(sql: string): Promise<void> {
  const client = new Client({ connectionString: config.serverUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** Today in the university's time zone: the day the service files the check-ins under. */
function today(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: TIME_ZONE }).format(new Date());
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');
const studentNumber = (i: number) => `B${pad(i, 6)}`;

interface Unit {
  code: string;
  name: string;
  level: 'university' | 'college' | 'grade' | 'class';
  path: string[];
}

/** The university: colleges of 50 classes (two grades), 40 students a class. */
function university(students: number) {
  const classes = Math.ceil(students / STUDENTS_PER_CLASS);
  const colleges = Math.ceil(classes / CLASSES_PER_COLLEGE);
  const units: Unit[] = [{ code: 'uni', name: 'University', level: 'university', path: ['uni'] }];
  const classPaths: string[][] = [];
  for (let c = 0; c < colleges; c += 1) {
    const college = `c${pad(c, 2)}`;
    units.push({ code: college, name: `College ${c}`, level: 'college', path: ['uni', college] });
    for (const g of [1, 2]) {
      const grade = `${college}-g${g}`;
      units.push({
        code: grade,
        name: `${college} grade ${g}`,
        level: 'grade',
        path: ['uni', college, grade],
      });
    }
    for (let k = 0; k < CLASSES_PER_COLLEGE && classPaths.length < classes; k += 1) {
      const grade = `${college}-g${(k % 2) + 1}`;
      const klass = `${college}-k${pad(k, 2)}`;
      const path = ['uni', college, grade, klass];
      units.push({ code: klass, name: `${college} class ${k}`, level: 'class', path });
      classPaths.push(path);
    }
  }
  return { units, classPaths, colleges };
}

function envelope(streamId: string, type: string, data: unknown) {
  const id = randomUUID();
  return {
    specversion: '1.0',
    id,
    source: 'urn:bulwark:roster',
    type: `bulwark.roster.${type}.v1`,
    subject: streamId,
    time: new Date().toISOString(),
    datacontenttype: 'application/json',
    dataschema: `urn:bulwark:schema:roster:${type}:v1`,
    data,
    streamversion: 1,
    correlationid: id,
    causationid: null,
    actor: 'bench',
    commandid: null,
    prevhash: '0'.repeat(64),
    hash: '0'.repeat(64),
  };
}

/** Publishes the roster (units, then students) to the ROSTER stream of the bench's namespace. */
async function publishRoster(
  jsm: JetStreamManager,
  js: ReturnType<typeof jetstream>,
): Promise<number> {
  const stream = `${prefix.toUpperCase()}_ROSTER`;
  // The service's roster consumer has created the stream already; create it when it has not.
  await jsm.streams
    .info(stream)
    .catch(() => jsm.streams.add({ name: stream, subjects: [`${prefix}.bulwark.roster.>`] }));
  const { units, classPaths } = university(config.students);
  const messages: { subject: string; body: string }[] = units.map((u) => ({
    subject: `${prefix}.bulwark.roster.AcademicUnitCreated`,
    body: JSON.stringify(
      envelope(`unit-${u.code}`, 'AcademicUnitCreated', {
        code: u.code,
        name: u.name,
        level: u.level,
        parentCode: u.path.length > 1 ? u.path[u.path.length - 2] : null,
        path: u.path,
      }),
    ),
  }));
  for (let i = 0; i < config.students; i += 1) {
    const classPath = at(classPaths, Math.floor(i / STUDENTS_PER_CLASS));
    const n = studentNumber(i);
    messages.push({
      subject: `${prefix}.bulwark.roster.StudentEnrolled`,
      body: JSON.stringify(
        envelope(`student-${n}`, 'StudentEnrolled', {
          studentNumber: n,
          name: `Student ${i}`,
          studentType: 'undergraduate',
          classCode: at(classPath, 3),
          classPath,
          gender: i % 2 ? 'male' : 'female',
          ethnicity: 'Han',
          halal: false,
          phone: '13800000000',
          residence: { kind: 'off-campus', province: 'Shaanxi', city: "Xi'an", riskArea: false },
        }),
      ),
    });
  }
  for (let i = 0; i < messages.length; i += 1000) {
    await Promise.all(messages.slice(i, i + 1000).map((m) => js.publish(m.subject, m.body)));
  }
  return messages.length;
}

function startService(port: number): ChildProcess {
  // e.g. SERVICE_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" profiles the service alone
  const nodeArgs = (env.SERVICE_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const main = resolve(root, 'services/reporting/dist/main.js');
  const child = spawn(process.execPath, [...nodeArgs, main], {
    env: {
      ...env,
      DATABASE_URL: databaseUrl(dbName),
      NATS_URL: config.natsUrl,
      NATS_PREFIX: prefix,
      PORT: String(port),
      JWT_SECRET: SECRET,
      JWT_PUBLIC_KEY: '',
      PG_POOL_SIZE: String(config.pgPool),
      LOG_LEVEL: 'warn',
      DEADLINE_TICK_MS: '0', // no non-responder flagging in the middle of the burst
      UNIVERSITY_TIMEZONE: TIME_ZONE,
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  return child;
}

const agent = new Agent({ keepAlive: true, maxSockets: config.concurrency });

function call(
  method: string,
  path: string,
  token: string,
  body?: unknown,
  port = config.port,
): Promise<{ status: number; text: string }> {
  return new Promise((resolveCall, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method,
        path,
        agent,
        headers: {
          authorization: `Bearer ${token}`,
          ...(payload
            ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }
            : {}),
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => (text += chunk));
        res.on('end', () => resolveCall({ status: res.statusCode ?? 0, text }));
      },
    );
    req.on('error', reject);
    if (payload) req.write(payload);
    req.end();
  });
}

/**
 * One keep-alive HTTP/1.1 connection of the load generator, one request at a time, as a
 * browser or an app holds one: each request is written whole and its answer read whole
 * (status line, headers, a Content-Length or chunked body). Node's `http` client cost the
 * bench ~0.19 ms of CPU per request on the same two cores as the service; this costs a
 * fraction of it, so more of the machine goes to what is measured.
 */
class KeepAliveConnection {
  private readonly socket: Socket;
  private buffered: Buffer = Buffer.alloc(0);
  private waiting: {
    resolve: (r: { status: number; text: string }) => void;
    reject: (e: Error) => void;
  } | null = null;
  private failed: Error | null = null;

  constructor(private readonly port: number) {
    this.socket = connectTcp({ host: '127.0.0.1', port, noDelay: true });
    this.socket.on('data', (chunk: Buffer) => {
      this.buffered = this.buffered.length ? Buffer.concat([this.buffered, chunk]) : chunk;
      this.answer();
    });
    const fail = (error: Error) => {
      this.failed = error;
      this.waiting?.reject(error);
      this.waiting = null;
    };
    this.socket.on('error', fail);
    this.socket.on('close', () => fail(new Error(`connection to :${port} closed`)));
  }

  request(
    method: string,
    path: string,
    token: string,
    body: string,
  ): Promise<{ status: number; text: string }> {
    if (this.failed) return Promise.reject(this.failed);
    if (this.waiting) return Promise.reject(new Error('one request at a time per connection'));
    return new Promise((resolveRequest, reject) => {
      this.waiting = { resolve: resolveRequest, reject };
      this.socket.write(
        `${method} ${path} HTTP/1.1\r\nHost: 127.0.0.1:${this.port}\r\nAuthorization: Bearer ${token}\r\n` +
          `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
      );
    });
  }

  close(): void {
    this.socket.destroy();
  }

  /** Completes the request in flight once its whole answer is in. */
  private answer(): void {
    const headEnd = this.buffered.indexOf('\r\n\r\n');
    if (headEnd < 0 || !this.waiting) return;
    const head = this.buffered.toString('latin1', 0, headEnd).split('\r\n');
    const status = Number(at(head, 0).split(' ')[1]);
    let length = -1;
    let chunked = false;
    for (let i = 1; i < head.length; i++) {
      const field = at(head, i);
      const colon = field.indexOf(':');
      const name = field.slice(0, colon).trim().toLowerCase();
      const value = field.slice(colon + 1).trim();
      if (name === 'content-length') length = Number(value);
      else if (name === 'transfer-encoding') chunked = value.toLowerCase().includes('chunked');
    }
    const bodyStart = headEnd + 4;
    let text: string;
    let end: number;
    if (chunked) {
      const parts: Buffer[] = [];
      let at = bodyStart;
      for (;;) {
        const lineEnd = this.buffered.indexOf('\r\n', at);
        if (lineEnd < 0) return;
        const size = parseInt(this.buffered.toString('latin1', at, lineEnd), 16);
        if (lineEnd + 2 + size + 2 > this.buffered.length) return;
        if (size === 0) {
          end = lineEnd + 4;
          break;
        }
        parts.push(this.buffered.subarray(lineEnd + 2, lineEnd + 2 + size));
        at = lineEnd + 2 + size + 2;
      }
      text = Buffer.concat(parts).toString('utf8');
    } else {
      const size = Math.max(length, 0);
      if (this.buffered.length < bodyStart + size) return;
      end = bodyStart + size;
      text = this.buffered.toString('utf8', bodyStart, end);
    }
    this.buffered = this.buffered.subarray(end);
    const waiting = this.waiting;
    this.waiting = null;
    waiting.resolve({ status, text });
  }
}

// Earlier reporting days (BENCH_HISTORY_DAYS): every student's check-ins of the days before
// today, decided by reporting's own decider and appended through the event store (real
// versions, hashes and transaction ids), with the snapshots the service would have taken on the
// way, so the burst runs on day N + 1 of a lockdown, not day 1.

interface HistoryStudent {
  studentNumber: string;
  classPath: string[];
}

/** Appends `days` days of check-ins before `today` for every student; returns the events written. */
async function seedCheckInHistory(
  pool: Pool,
  students: HistoryStudent[],
  days: number,
  today: string,
  answersOf: (student: number, day: number) => CheckInAnswersInput,
  onProgress: (done: number) => void,
): Promise<number> {
  const store = new PostgresEventStore(pool);
  const metadata = {
    correlationId: 'bench-history',
    causationId: null,
    actor: 'bench',
    commandId: null,
  };
  let written = 0;
  const chunk = 250;
  for (let from = 0; from < students.length; from += chunk) {
    // Per stream: the version and the record of the last snapshot the service would have taken.
    const taken = new Map<string, { version: number; state: unknown }>();
    const appends = students.slice(from, from + chunk).map((s, k) => {
      const streamId = reportingStreamId.checkIns(s.studentNumber);
      let sinceSnapshot = 0;
      const student = {
        studentNumber: s.studentNumber,
        classCode: at(s.classPath, 3),
        classPath: s.classPath,
        roomPath: null,
      };
      let record = initialCheckInRecord(s.studentNumber);
      const events = [];
      for (let d = days; d >= 1; d -= 1) {
        const day = addDays(today, -d);
        const decided = decideSubmitCheckIn(
          {
            studentNumber: s.studentNumber,
            day,
            ...answersOf(from + k, d),
            submittedBy: { actorId: s.studentNumber, role: 'student' },
          },
          { record, student, today: day, rules: defaultRules },
        );
        record = decided.reduce(evolveCheckIns, record);
        events.push(...decided);
        // The service's rule (CheckInSnapshots): a snapshot once this many events were folded.
        sinceSnapshot += decided.length;
        if (sinceSnapshot >= SNAPSHOT_AFTER_EVENTS) {
          taken.set(streamId, { version: events.length, state: checkInRecordToJson(record) });
          sinceSnapshot = 0;
        }
      }
      written += events.length;
      return {
        streamId,
        expectedVersion: 'no-stream' as const,
        events,
      };
    });
    const outcome = await store.append(appends, { metadata });
    if (outcome.status !== 'appended') throw new Error(`history not appended: ${outcome.status}`);
    const hashes = new Map(outcome.events.map((e) => [`${e.streamId}@${e.streamVersion}`, e.hash]));
    const snapshots: StreamSnapshot[] = [...taken].map(([streamId, t]) => ({
      streamId,
      kind: checkInRecordSnapshot.kind,
      version: t.version,
      headHash: hashes.get(`${streamId}@${t.version}`)!,
      state: t.state,
    }));
    await store.saveSnapshots(snapshots);
    onProgress(Math.min(students.length, from + chunk));
  }
  return written;
}

/**
 * Whether the relay and the read model have taken in everything committed so far: both
 * checkpoints exist and stand at the last event.
 */
async function caughtUpWithHistory(pool: Pool): Promise<boolean> {
  const { rows } = await pool.query<{ caughtUp: number }>(
    `SELECT count(*)::int AS "caughtUp"
       FROM checkpoints c,
            (SELECT transaction_id, global_position FROM events
              ORDER BY transaction_id DESC, global_position DESC LIMIT 1) l
      WHERE c.name = ANY($1)
        AND (c.transaction_id, c.global_position) >= (l.transaction_id, l.global_position)`,
    [CAUGHT_UP],
  );
  return at(rows, 0).caughtUp === CAUGHT_UP.length;
}

/** The reporting service's readers of its store: its relay and its read model's projection. */
const CAUGHT_UP = ['relay', 'projection:reporting-read-model-v1'];

let services: ChildProcess[] = [];

async function waitFor<T>(
  what: string,
  timeoutMs: number,
  probe: () => Promise<T | undefined>,
): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    const exited = services.find((s) => s.exitCode !== null);
    if (exited) throw new Error(`a service exited (${exited.exitCode}) while waiting for ${what}`);
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The raw insert ceiling on this machine, in the same run: events-shaped rows, no service. */
async function rawInsertRates(url: string) {
  const pool = new Pool({ connectionString: url, max: 8 });
  try {
    await pool.query(`CREATE TABLE raw_events (
      global_position bigserial PRIMARY KEY, transaction_id xid8 NOT NULL DEFAULT pg_current_xact_id(),
      event_id uuid NOT NULL UNIQUE, stream_id text NOT NULL, stream_version integer NOT NULL,
      type text NOT NULL, data jsonb NOT NULL, occurred_at timestamptz NOT NULL,
      CONSTRAINT raw_stream_version UNIQUE (stream_id, stream_version))`);
    await pool.query(
      `CREATE INDEX raw_commit_order ON raw_events (transaction_id, global_position)`,
    );
    const data = JSON.stringify({
      location: { kind: 'off-campus', province: 'Shaanxi', city: "Xi'an" },
      health: { temperatureC: 36.5, symptoms: [] },
      exposure: 'none',
    });
    const run = async (writers: number, rowsPerCommit: number) => {
      let rows = 0;
      const end = performance.now() + config.rawSeconds * 1000;
      const start = performance.now();
      await Promise.all(
        Array.from({ length: writers }, async () => {
          while (performance.now() < end) {
            const ids = Array.from({ length: rowsPerCommit }, () => randomUUID());
            await pool.query(
              `INSERT INTO raw_events (event_id, stream_id, stream_version, type, data, occurred_at)
               SELECT id, 'raw-' || id, 1, 'CheckInSubmitted', $2::jsonb, now() FROM unnest($1::uuid[]) AS id`,
              [ids, data],
            );
            rows += rowsPerCommit;
          }
        }),
      );
      return rows / ((performance.now() - start) / 1000);
    };
    return { single8: await run(8, 1), batched100: await run(4, 100) };
  } finally {
    await pool.end();
  }
}

function percentile(sorted: number[], p: number): number {
  return at(sorted, Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length)));
}

/** Busy and total CPU time of the whole machine so far (Linux /proc/stat), in clock ticks. */
function machineTicks(): { busy: number; total: number } | null {
  try {
    const cpu = at(readFileSync('/proc/stat', 'utf8').split('\n'), 0)
      .split(/\s+/)
      .slice(1)
      .map(Number);
    const idle = at(cpu, 3) + at(cpu, 4); // idle + iowait
    const total = cpu.slice(0, 8).reduce((a, b) => a + b, 0);
    return { busy: total - idle, total };
  } catch {
    return null;
  }
}

/** Pids whose command line contains `text` (Linux /proc): e.g. our database's backends. */
function pidsMatching(text: string): number[] {
  return readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .filter((d) => {
      try {
        return readFileSync(`/proc/${d}/cmdline`, 'utf8').includes(text);
      } catch {
        return false;
      }
    })
    .map(Number);
}

/** CPU seconds of each PostgreSQL process, and whether it is a backend of the bench's database. */
function cpuByPid(pids: number[]): Map<number, { cpu: number; ours: boolean }> {
  const out = new Map<number, { cpu: number; ours: boolean }>();
  for (const pid of pids) {
    const cpu = cpuSecondsOf(pid);
    if (cpu === null) continue;
    let ours = false;
    try {
      ours = readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(` ${dbName} `);
    } catch {
      // gone
    }
    out.set(pid, { cpu, ours });
  }
  return out;
}

/** A process's main thread, as /proc names it: the thread whose id is the process id. */
const mainThreadOf = (pid: number) => `${pid}/task/${pid}`;

/** CPU seconds of processes (`<pid>`) or threads (`<pid>/task/<tid>`), summed. */
const cpuOfAll = (procs: (number | string)[]) =>
  procs.reduce<number>((sum, proc) => sum + (cpuSecondsOf(proc) ?? 0), 0);

/**
 * Seconds the threads spent runnable but not running, waiting for a core (Linux schedstat):
 * with PostgreSQL on the same two cores, a thread can be short of CPU while the machine as a
 * whole is not full.
 */
function runQueueSecondsOf(threads: string[]): number {
  let sum = 0;
  for (const thread of threads) {
    try {
      sum += Number(readFileSync(`/proc/${thread}/schedstat`, 'utf8').split(' ')[1]) / 1e9;
    } catch {
      // the process has gone
    }
  }
  return sum;
}

/** CPU seconds a process or thread has used (Linux /proc), for how busy the service was. */
function cpuSecondsOf(proc: number | string | undefined): number | null {
  return proc === undefined ? null : (procCpu(proc)?.seconds ?? null);
}

/** Student i's check-in in the burst. */
const bodyOf = (i: number) => ({
  location:
    i % 3 === 0
      ? ({ kind: 'on-campus' } as const)
      : ({ kind: 'off-campus', province: 'Shaanxi', city: "Xi'an" } as const),
  // about 2% abnormal: a fever that isolation care must hear about
  health: { temperatureC: i % 50 === 0 ? 37.9 : 36.2 + (i % 7) / 10, symptoms: [] },
  exposure: 'none' as const,
});

async function main(): Promise<void> {
  if (env.SKIP_BUILD !== '1') {
    log('building services/reporting (SKIP_BUILD=1 skips)');
    execFileSync(resolve(root, 'node_modules/.bin/tsc'), ['-b', 'services/reporting'], {
      cwd: root,
      stdio: 'inherit',
    });
  }
  await onServer(`CREATE DATABASE ${dbName}`);
  const url = databaseUrl(dbName);
  const nc = await connect({ servers: config.natsUrl });
  const jsm = await jetstreamManager(nc);
  try {
    log(`migrating ${dbName} (NATS prefix ${prefix})`);
    execFileSync(process.execPath, [resolve(root, 'services/reporting/dist/migrate.js')], {
      env: { ...env, DATABASE_URL: url, NATS_URL: config.natsUrl, NATS_PREFIX: prefix },
      stdio: 'inherit',
    });

    log(`raw PostgreSQL insert rate (${config.rawSeconds} s each)`);
    const raw = await rawInsertRates(url);

    const history = { events: 0, seedSeconds: 0, catchUpSeconds: 0 };
    if (config.historyDays > 0) {
      log(`writing ${config.historyDays} earlier days of check-ins for every student`);
      const { classPaths } = university(config.students);
      const students = Array.from({ length: config.students }, (_, i) => ({
        studentNumber: studentNumber(i),
        classPath: at(classPaths, Math.floor(i / STUDENTS_PER_CLASS)),
      }));
      const historyPool = new Pool({ connectionString: url, max: 2 });
      const start = performance.now();
      history.events = await seedCheckInHistory(
        historyPool,
        students,
        config.historyDays,
        today(),
        (i, d) => ({
          location: bodyOf(i).location,
          // one student in four answers word for word the same every day
          health: { temperatureC: i % 4 === 0 ? 36.5 : 36.2 + ((i + d) % 7) / 10, symptoms: [] },
          exposure: 'none',
        }),
        (done) => {
          if (done % 10_000 === 0) log(`  history: ${done} of ${config.students} students`);
        },
      );
      history.seedSeconds = (performance.now() - start) / 1000;
      await historyPool.end();
      log(`history: ${history.events} events in ${history.seedSeconds.toFixed(1)} s`);
    }

    const ports = Array.from({ length: config.replicas }, (_, i) => config.port + i);
    services = ports.map((port) => startService(port));
    for (const port of ports) {
      await waitFor(`the service’s /health on :${port}`, 60_000, async () => {
        const res = await fetch(`http://127.0.0.1:${port}/health`);
        return res.ok ? true : undefined;
      });
    }

    log(`publishing the roster of ${config.students} students to JetStream`);
    const db = new Pool({ connectionString: url, max: 2 });
    const seedStart = performance.now();
    const published = await publishRoster(jsm, jetstream(nc));
    await waitFor('the roster copy', 600_000, async () => {
      const { rows } = await db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM roster_replica_students WHERE class_code IS NOT NULL`,
      );
      return at(rows, 0).n >= config.students ? true : undefined;
    });
    const seedSeconds = (performance.now() - seedStart) / 1000;
    log(`roster copy: ${published} roster events applied in ${seedSeconds.toFixed(1)} s`);

    if (config.historyDays > 0) {
      log('waiting for the relay and the projections to take in the history');
      const start = performance.now();
      await waitFor('the history relayed and projected', 1_800_000, async () =>
        (await caughtUpWithHistory(db)) ? true : undefined,
      );
      history.catchUpSeconds = (performance.now() - start) / 1000;
      // Thirty days in, autovacuum would long since have analyzed the tables the bulk load
      // filled at once; without it the planner guesses (BENCH_HISTORY_ANALYZE=0 to see).
      if (env.BENCH_HISTORY_ANALYZE !== '0') await db.query('ANALYZE');
    }

    const day = today();
    const tokens = Array.from({ length: config.students }, (_, i) =>
      sign(
        { sub: studentNumber(i), name: studentNumber(i), roles: ['student'], scopes: [] },
        SECRET,
        {
          algorithm: 'HS256',
          expiresIn: '2h',
        },
      ),
    );
    const office = sign(
      { sub: 'po-1', name: 'po', roles: ['prevention-office'], scopes: ['*'] },
      SECRET,
      {
        algorithm: 'HS256',
        expiresIn: '2h',
      },
    );

    // warm the service's code paths (JIT, pools) on a few students, not counted
    for (let i = 0; i < 50; i += 1)
      await call('GET', `/students/${studentNumber(i)}/check-ins`, at(tokens, i));

    log(`burst: ${config.students} check-ins, ${config.concurrency} in flight`);
    const latencies = new Float64Array(config.students);
    const statuses = new Map<number, number>();
    let next = 0;
    let firstError = '';
    const commits = async () => {
      const { rows } = await db.query<{ n: string }>(
        `SELECT xact_commit AS n FROM pg_stat_database WHERE datname = current_database()`,
      );
      return Number(at(rows, 0).n);
    };
    // Bodies and connections made before the clock starts, as the tokens are.
    const bodies = Array.from({ length: config.students }, (_, i) => JSON.stringify(bodyOf(i)));
    const connections = config.nodeHttpClient
      ? []
      : Array.from({ length: config.concurrency }, () =>
          ports.map((port) => new KeepAliveConnection(port)),
        );
    const send = (worker: number, i: number) =>
      config.nodeHttpClient
        ? call('POST', '/check-ins', at(tokens, i), bodyOf(i), ports[i % ports.length])
        : at(at(connections, worker), i % ports.length).request(
            'POST',
            '/check-ins',
            at(tokens, i),
            at(bodies, i),
          );
    // WAL is server-wide (other databases' work counts too): it shows what random writes into
    // large tables cost once a checkpoint has begun (a full page image per page first touched).
    const walState = async () => {
      const { rows } = await db.query<{ lsn: string; checkpoints: string }>(
        `SELECT pg_current_wal_lsn()::text AS lsn,
                (SELECT checkpoints_timed + checkpoints_req FROM pg_stat_bgwriter) AS checkpoints`,
      );
      return at(rows, 0);
    };
    const walBefore = await walState();
    const commitsBefore = await commits();
    const servicePids = services.map((s) => s.pid!);
    const cpuBefore = cpuOfAll(servicePids);
    const mainThreadBefore = cpuOfAll(servicePids.map(mainThreadOf));
    const waitBefore = runQueueSecondsOf(servicePids.map(mainThreadOf));
    const machineBefore = machineTicks();
    const pgBefore = cpuByPid(pidsMatching('postgres: '));
    const natsPids = pidsMatching('nats-server');
    const natsBefore = cpuOfAll(natsPids);
    const clientBefore = process.cpuUsage();
    const monotonicStart = process.hrtime.bigint() / 1000n;
    const burstStart = performance.now();
    await Promise.all(
      Array.from({ length: config.concurrency }, async (_, worker) => {
        for (;;) {
          const i = next++;
          if (i >= config.students) return;
          const sent = performance.now();
          const res = await send(worker, i);
          latencies[i] = performance.now() - sent;
          statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
          if (res.status !== 201 && !firstError) firstError = `${res.status} ${res.text}`;
        }
      }),
    );
    const lastAccepted = performance.now();
    for (const perPort of connections) for (const c of perPort) c.close();
    // for a profile of the burst alone (SERVICE_NODE_ARGS=--cpu-prof): CLOCK_MONOTONIC, µs
    log(`burst window (monotonic µs): ${monotonicStart} ${process.hrtime.bigint() / 1000n}`);
    const burstSeconds = (lastAccepted - burstStart) / 1000;
    const cpuAfter = cpuOfAll(servicePids);
    const mainThreadCpu = cpuOfAll(servicePids.map(mainThreadOf)) - mainThreadBefore;
    const mainThreadWaited = runQueueSecondsOf(servicePids.map(mainThreadOf)) - waitBefore;
    const machineAfter = machineTicks();
    // Backends the pool opened during the burst count whole; those of before, their growth.
    const pgAfter = cpuByPid(pidsMatching('postgres: '));
    let pgCpu = 0;
    let pgOtherCpu = 0;
    let pgBackends = 0;
    for (const [pid, { cpu, ours }] of pgAfter) {
      const used = cpu - (pgBefore.get(pid)?.cpu ?? 0);
      if (ours) {
        pgCpu += used;
        pgBackends += 1;
      } else pgOtherCpu += used;
    }
    const natsCpu = cpuOfAll(natsPids) - natsBefore;
    const client = process.cpuUsage(clientBefore);
    const commitsDuring = (await commits()) - commitsBefore;
    const walAfter = await walState();
    const walDiff = await db.query<{ n: string }>(`SELECT pg_wal_lsn_diff($1, $2)::bigint AS n`, [
      walAfter.lsn,
      walBefore.lsn,
    ]);
    const walBytes = Number(at(walDiff.rows, 0).n);
    const checkpointsDuring = Number(walAfter.checkpoints) - Number(walBefore.checkpoints);

    log(
      `burst: ${statuses.get(201) ?? 0} accepted in ${burstSeconds.toFixed(1)} s ` +
        `(${Math.round((statuses.get(201) ?? 0) / burstSeconds)}/s), service CPU ${(cpuAfter - cpuBefore).toFixed(1)} s`,
    );
    log('waiting for the day’s views to show every check-in');
    const view = await waitFor(
      'the day view',
      Number(env.BENCH_VIEW_TIMEOUT_MS ?? 120_000),
      async () => {
        const res = await call('GET', `/days/${day}`, office);
        if (res.status !== 200) return undefined;
        const colleges = (
          JSON.parse(res.text) as {
            colleges: { students: { expected: number; checkedIn: number; abnormal: number } }[];
          }
        ).colleges;
        const total = colleges.reduce(
          (sum, c) => ({
            expected: sum.expected + c.students.expected,
            checkedIn: sum.checkedIn + c.students.checkedIn,
            abnormal: sum.abnormal + c.students.abnormal,
          }),
          { expected: 0, checkedIn: 0, abnormal: 0 },
        );
        return total.checkedIn >= (statuses.get(201) ?? 0) ? total : undefined;
      },
    );
    const viewSeconds = (performance.now() - lastAccepted) / 1000;
    const viewQueryStart = performance.now();
    await call('GET', `/days/${day}`, office);
    const viewQueryMs = performance.now() - viewQueryStart;
    const events = at(
      (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM events`)).rows,
      0,
    ).n;
    await db.end();

    const sorted = Array.from(latencies).sort((a, b) => a - b);
    const accepted = statuses.get(201) ?? 0;
    const rate = accepted / burstSeconds;
    const met = (ok: boolean) => (ok ? 'met' : 'MISSED');
    const serviceCpu = cpuAfter - cpuBefore;
    const clientCpu = (client.user + client.system) / 1e6;
    const perCheckIn = (seconds: number) => ((seconds * 1000) / config.students).toFixed(2);
    const lines = [
      '',
      `Reporting morning burst — ${new Date().toISOString()}, node ${process.version}, ${cpus().length} cores`,
      `  students                      ${config.students} (${Math.ceil(config.students / STUDENTS_PER_CLASS)} classes), ${config.concurrency} requests in flight, ${config.replicas} service process(es), PG pool ${config.pgPool} each, ${config.nodeHttpClient ? "Node's http client" : 'keep-alive connections'}`,
      `  roster copy from JetStream    ${published} events in ${seedSeconds.toFixed(1)} s (${Math.round(published / seedSeconds)}/s)`,
      `  earlier days of check-ins     ${config.historyDays}${config.historyDays > 0 ? ` (${history.events} events written in ${history.seedSeconds.toFixed(1)} s; relayed and projected ${history.catchUpSeconds.toFixed(1)} s later): the burst is day ${config.historyDays + 1}` : ': the burst is the first reporting day'}`,
      `  check-ins accepted            ${accepted} of ${config.students} in ${burstSeconds.toFixed(1)} s   target < ${TARGET_ACCEPT_SECONDS} s: ${met(accepted === config.students && burstSeconds < TARGET_ACCEPT_SECONDS)}`,
      `  check-ins per second          ${Math.round(rate)}`,
      `  latency p50 / p99 / max       ${percentile(sorted, 50).toFixed(1)} / ${percentile(sorted, 99).toFixed(1)} / ${at(sorted, sorted.length - 1).toFixed(1)} ms`,
      `  statuses                      ${[...statuses].map(([s, n]) => `${s}: ${n}`).join(', ')}${firstError ? `  first error: ${firstError.slice(0, 200)}` : ''}`,
      `  in the day's views after      ${viewSeconds.toFixed(2)} s   target < ${TARGET_VIEW_SECONDS} s: ${met(viewSeconds < TARGET_VIEW_SECONDS)}`,
      `  day view                      expected ${view.expected}, checked in ${view.checkedIn}, abnormal ${view.abnormal}; one query ${viewQueryMs.toFixed(0)} ms`,
      `  events stored                 ${events}`,
      `  PostgreSQL transactions       ${commitsDuring} during the burst (${(commitsDuring / config.students).toFixed(2)} per check-in)`,
      `  WAL written during the burst  ${(walBytes / 2 ** 20).toFixed(0)} MB (${(walBytes / 1024 / config.students).toFixed(1)} KB per check-in, server-wide); checkpoints begun ${checkpointsDuring}`,
      `  service CPU during burst      ${cpuBefore !== null && cpuAfter !== null ? `${(cpuAfter - cpuBefore).toFixed(1)} s (${((cpuAfter - cpuBefore) / burstSeconds).toFixed(2)} cores)` : 'n/a'}; main thread${services.length > 1 ? 's' : ''} ${mainThreadCpu.toFixed(1)} s (${perCheckIn(mainThreadCpu)} ms per check-in), and ${mainThreadWaited.toFixed(1)} s ready to run but waiting for a core`,
      `  whole machine during burst    ${machineBefore && machineAfter ? `${(((machineAfter.busy - machineBefore.busy) / (machineAfter.total - machineBefore.total)) * cpus().length).toFixed(2)} of ${cpus().length} cores busy (everything: service, PostgreSQL, NATS, this load generator, other work)` : 'n/a'}`,
      `  CPU seconds, by process       service ${serviceCpu.toFixed(1)}, PostgreSQL (this database, ${pgBackends} backends) ${pgCpu.toFixed(1)}, other PostgreSQL processes (WAL writer, checkpointer, other databases) ${pgOtherCpu.toFixed(1)}, nats-server ${natsCpu.toFixed(1)}, load generator ${clientCpu.toFixed(1)}`,
      `  CPU ms per check-in           service ${perCheckIn(serviceCpu)}, PostgreSQL ${perCheckIn(pgCpu + pgOtherCpu)}, nats-server ${perCheckIn(natsCpu)}, load generator ${perCheckIn(clientCpu)}`,
      `  raw PostgreSQL inserts        ${Math.round(raw.single8)} rows/s (1 row per commit, 8 writers); ${Math.round(raw.batched100)} rows/s (100 rows per commit, 4 writers)`,
      `  service vs raw (1 row/commit) ${(rate / raw.single8).toFixed(2)}x`,
      '',
    ];
    console.log(lines.join('\n'));
  } finally {
    await Promise.all(
      services.map(async (service) => {
        if (service.exitCode !== null) return;
        const exited = new Promise((r) => service.once('exit', r));
        service.kill('SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 15_000))]);
        if (service.exitCode === null) service.kill('SIGKILL');
      }),
    );
    for (const context of ['ROSTER', 'REPORTING', 'DEADLETTER']) {
      await jsm.streams.delete(`${prefix.toUpperCase()}_${context}`).catch(() => undefined);
    }
    await nc.drain();
    agent.destroy();
    await onServer(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
