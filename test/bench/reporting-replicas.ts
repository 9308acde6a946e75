// What a second replica of reporting buys and costs: the morning burst (reporting-burst.ts)
// with one service process and then with two on the same database, in one run, each with the
// raw PostgreSQL figures it measures itself, plus a raw JetStream publish rate of the same
// hour. Two replicas share the roster consumer (one durable consumer, the messages split
// between them) and take the check-ins round-robin, as a load balancer would send them.
//
//   npx tsx --tsconfig test/bench/tsconfig.json test/bench/reporting-replicas.ts
//   BENCH_ONLY=replicas npm run bench          (the same, from run.ts)
//
// Environment: BENCH_STUDENTS (default 10,000 here), BENCH_CONCURRENCY, BENCH_PG_POOL,
// BENCH_RAW_SECONDS, BENCH_HISTORY_DAYS, DATABASE_URL, NATS_URL as reporting-burst.ts reads them;
// BENCH_REPLICA_COUNTS (default "1,2"); SKIP_BUILD=1. On two cores no gain is expected: the
// figure says what a replica costs (memory, connections, CPU per check-in).
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { ensureContextStream, subjectOf } from '@bulwark/messaging';
import { RawJetStream } from './raw-jetstream';

const root = resolve(__dirname, '../..');
const log = (message: string) => console.error(`[reporting-replicas] ${message}`);

interface BurstFigures {
  replicas: number;
  output: string;
  perSecond: number | null;
  serviceMsPerCheckIn: number | null;
  postgresMsPerCheckIn: number | null;
  rosterCopyPerSecond: number | null;
}

/** One reporting-burst run as its own process; its report (stdout) is kept and parsed. */
function burst(replicas: number, port: number): Promise<BurstFigures> {
  return new Promise((resolveRun, reject) => {
    const child = spawn(
      process.execPath,
      [
        resolve(root, 'node_modules/tsx/dist/cli.mjs'),
        '--tsconfig',
        resolve(root, 'test/bench/tsconfig.json'),
        resolve(root, 'test/bench/reporting-burst.ts'),
      ],
      {
        cwd: root,
        env: {
          ...process.env,
          BENCH_STUDENTS: process.env.BENCH_STUDENTS ?? '10000',
          BENCH_REPLICAS: String(replicas),
          BENCH_PORT: String(port),
          SKIP_BUILD: '1',
        },
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code !== 0)
        return reject(new Error(`reporting-burst with ${replicas} replica(s) exited ${code}`));
      const number = (pattern: RegExp) => {
        const match = output.match(pattern);
        return match ? Number(match[1].replace(/,/g, '')) : null;
      };
      resolveRun({
        replicas,
        output,
        perSecond: number(/check-ins per second\s+([\d,.]+)/),
        serviceMsPerCheckIn: number(/CPU ms per check-in\s+service ([\d.]+)/),
        postgresMsPerCheckIn: number(/CPU ms per check-in\s+service [\d.]+, PostgreSQL ([\d.]+)/),
        rosterCopyPerSecond: number(/roster copy from JetStream .*\((\d+)\/s\)/),
      });
    });
  });
}

/** Raw JetStream: 20,000 envelope-sized messages to a fresh stream, 1,000 in flight. */
async function rawJetStream(): Promise<number> {
  const nc = await connect({ servers: process.env.NATS_URL || 'nats://127.0.0.1:4222' });
  const jsm = await jetstreamManager(nc);
  const ns = { prefix: `benchrr${randomBytes(4).toString('hex')}` };
  const stream = await ensureContextStream(jsm, ns, 'rawreplicas');
  try {
    const envelope = JSON.stringify({ data: 'x'.repeat(800), type: 'bulwark.bench.Raw.v1' });
    const raw = new RawJetStream(
      jetstream(nc),
      subjectOf(ns, 'rawreplicas', 'Raw'),
      [envelope],
      1000,
    );
    return (await raw.publish(20_000)).perSecond;
  } finally {
    await jsm.streams.delete(stream);
    await nc.drain();
  }
}

export async function reportingReplicas(): Promise<void> {
  if (process.env.SKIP_BUILD !== '1') {
    log('building services/reporting (SKIP_BUILD=1 skips)');
    execFileSync(resolve(root, 'node_modules/.bin/tsc'), ['-b', 'services/reporting'], {
      cwd: root,
      stdio: 'inherit',
    });
  }
  const counts = (process.env.BENCH_REPLICA_COUNTS ?? '1,2').split(',').map(Number);
  log('raw JetStream publish');
  const rawBefore = await rawJetStream();
  const runs: BurstFigures[] = [];
  for (const [i, replicas] of counts.entries()) {
    log(`the burst with ${replicas} replica(s)`);
    runs.push(await burst(replicas, 3950 + i * 10));
  }
  const rawAfter = await rawJetStream();
  const one = runs.find((r) => r.replicas === 1);
  const f = (n: number | null, digits = 0) => (n === null ? 'n/a' : n.toFixed(digits));
  console.log(
    [
      ...runs.map((r) => `--- ${r.replicas} replica(s) ---${r.output}`),
      'Reporting replicas (same run):',
      ...runs.map(
        (r) =>
          `  ${r.replicas} replica(s): ${f(r.perSecond)} check-ins/s` +
          (one?.perSecond && r.perSecond
            ? ` (${(r.perSecond / one.perSecond).toFixed(2)}x one)`
            : '') +
          `; CPU ms per check-in: service ${f(r.serviceMsPerCheckIn, 2)}, PostgreSQL ${f(r.postgresMsPerCheckIn, 2)}; ` +
          `roster copy ${f(r.rosterCopyPerSecond)} events/s`,
      ),
      `  raw JetStream publish (js.publish, window 1,000): ${f(rawBefore)}/s before, ${f(rawAfter)}/s after`,
      '',
    ].join('\n'),
  );
}

if (require.main === module) {
  reportingReplicas().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
