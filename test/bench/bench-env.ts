import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/** What a run measures and against which servers; everything comes from the environment. */
export interface BenchConfig {
  databaseUrl: string;
  natsUrl: string;
  /** Measured seconds per closed-loop figure, over all rounds (BENCH_SECONDS, default 6). */
  seconds: number;
  /**
   * Rounds (BENCH_ROUNDS, default 3): every figure is measured in this many slices, the
   * figures of one writer count taking turns, so a burst of other load on the machine hits all
   * of them alike; a figure is the median of its slices.
   */
  rounds: number;
  /** Unmeasured seconds before each slice (BENCH_WARMUP_SECONDS, default 0.5). */
  warmupSeconds: number;
  /** Concurrent writers (BENCH_WRITERS, default "1,8"). */
  writers: number[];
  /** pg pool size of the event store, as a service's PG_POOL_SIZE (BENCH_PG_POOL, default 10). */
  pgPoolSize: number;
  /** PostgresEventStore options; unset means the library's defaults. */
  maxBatch?: number | undefined;
  maxInFlight?: number | undefined;
  /**
   * Events the relay publishes, and raw JetStream messages (BENCH_RELAY_EVENTS, default 50,000,
   * rounded up to whole relay batches per round).
   */
  relayEvents: number;
  /** EventRelay batchSize; unset means the library's default (1,000). */
  relayBatch?: number | undefined;
  /** Raw JetStream: messages published before awaiting their acks (BENCH_JS_WINDOW, default 1,000). */
  jetStreamWindow: number;
  /**
   * NATS connection option `noAsyncTraces` for the relay and raw publish alike
   * (BENCH_NATS_NO_ASYNC_TRACES=1; default off, as the services connect today).
   */
  natsNoAsyncTraces: boolean;
  /** Measurements to run (BENCH_ONLY, default all): raw-pg,roster,store,emmett,jetstream,core-publish,relay. */
  only: Set<string>;
}

export const MEASUREMENTS = [
  'raw-pg',
  'roster',
  'store',
  'emmett',
  'jetstream',
  'core-publish',
  'run-publish',
  'relay',
] as const;

function num(name: string, fallback: number): number;
function num(name: string, fallback?: number): number | undefined;
function num(name: string, fallback?: number): number | undefined {
  const text = process.env[name];
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number`);
  return value;
}

export function benchConfig(): BenchConfig {
  const only = (process.env.BENCH_ONLY ?? MEASUREMENTS.join(','))
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const unknown = only.filter((m) => !(MEASUREMENTS as readonly string[]).includes(m));
  if (unknown.length) throw new Error(`BENCH_ONLY: unknown ${unknown.join(', ')}`);
  return {
    databaseUrl: process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres',
    natsUrl: process.env.NATS_URL || 'nats://127.0.0.1:4222',
    seconds: num('BENCH_SECONDS', 6),
    rounds: Math.round(num('BENCH_ROUNDS', 3)),
    warmupSeconds: num('BENCH_WARMUP_SECONDS', 0.5),
    writers: (process.env.BENCH_WRITERS ?? '1,8').split(',').map((w) => {
      const n = Number(w);
      if (!Number.isInteger(n) || n < 1) throw new Error(`BENCH_WRITERS: bad count ${w}`);
      return n;
    }),
    pgPoolSize: num('BENCH_PG_POOL', 10),
    maxBatch: num('BENCH_MAX_BATCH'),
    maxInFlight: num('BENCH_MAX_IN_FLIGHT'),
    relayEvents: Math.round(num('BENCH_RELAY_EVENTS', 50_000)),
    relayBatch: num('BENCH_RELAY_BATCH'),
    jetStreamWindow: Math.round(num('BENCH_JS_WINDOW', 1000)),
    natsNoAsyncTraces: process.env.BENCH_NATS_NO_ASYNC_TRACES === '1',
    only: new Set(only),
  };
}

/**
 * Messages per JetStream round, a whole number of relay batches (the relay publishes whole
 * batches), and the events the relay database needs for every round.
 */
export function relayPlan(config: BenchConfig): { perRound: number; total: number } {
  const batch = config.relayBatch ?? 1000;
  const perRound = Math.ceil(config.relayEvents / config.rounds / batch) * batch;
  return { perRound, total: perRound * config.rounds };
}

/** A database of the bench's own on the configured server, dropped at the end of the run. */
export interface BenchDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

async function onServer(serverUrl: string, sql: string): Promise<void> {
  const client = new Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export async function createBenchDatabase(serverUrl: string, name: string): Promise<BenchDatabase> {
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`bad database name ${name}`);
  await onServer(serverUrl, `CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    drop: () => onServer(serverUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}

/** Random suffix shared by the run's databases and NATS namespace. */
export function runTag(): string {
  return randomBytes(4).toString('hex');
}
