// The append and relay benchmark: `npm run bench`. Prints a table of ops/s and the ratios to
// the baselines measured in the same run; targets are printed as met or missed, never asserted.
import './register-paths';
import { randomUUID } from 'node:crypto';
import { cpus, loadavg } from 'node:os';
import { ensureContextStream, subjectOf, type Namespace } from '@bulwark/messaging';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { Client } from 'pg';
import { benchConfig, BenchConfig, createBenchDatabase, relayPlan, runTag } from './bench-env';
import { EmmettPeer } from './emmett-peer';
import { combine, Rate } from './measure';
import { RawCorePublish, RawJetStream, RawRunPublish } from './raw-jetstream';
import { RawPostgres } from './raw-postgres';
import { RelayRun, RelaySource } from './relay-rate';
import { reportingReplicas } from './reporting-replicas';
import { ServerCpu } from './server-cpu';
import { at } from './checked';
import { Figure, formatRatios, formatTable, Ratio } from './report';
import { RosterAppends } from './roster-appends';
import { rosterWorkload } from './roster-workload';

const TARGET_WRITERS = 8;
const log = (message: string) => console.error(`[bench] ${message}`);

/** Enough distinct students for every enrol slice (a generous guess at the rate). */
function studentsNeeded(config: BenchConfig): number {
  const fromEnv = Number(process.env.BENCH_STUDENTS);
  if (fromEnv > 0) return fromEnv;
  const perSecond = config.writers.reduce((sum, w) => sum + Math.min(w * 2500, 12_000), 0);
  const enrols = config.only.has('roster')
    ? perSecond * (config.seconds + config.rounds * config.warmupSeconds)
    : 0;
  const relayed = config.only.has('relay') ? relayPlan(config).total : 0;
  return Math.ceil(Math.max(enrols, relayed, 2000));
}

async function serverVersion(url: string): Promise<string> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ v: string }>(
      "SELECT current_setting('server_version') AS v",
    );
    return at(rows, 0).v;
  } finally {
    await client.end();
  }
}

/** Rotates the order each round so no figure always runs first or last. */
const rotate = <T>(items: T[], by: number): T[] =>
  items.map((_, i) => at(items, (i + by) % items.length));

async function main(): Promise<void> {
  // Reporting with one and with two replicas: its own run (reporting-replicas.ts).
  if (process.env.BENCH_ONLY === 'replicas') return reportingReplicas();
  const config = benchConfig();
  const tag = runTag();
  const slice = config.seconds / config.rounds;
  const cleanups: (() => Promise<unknown>)[] = [];
  const notes: Figure[] = [];
  /** Rounds of each figure, by name and writer count. */
  const rounds = new Map<string, Rate[]>();
  const record = (name: string, writers: number | null, rate: Rate) => {
    const key = `${name}@${writers ?? '-'}`;
    rounds.set(key, [...(rounds.get(key) ?? []), rate]);
  };
  const figure = (name: string, writers: number | null): Rate | null => {
    const list = rounds.get(`${name}@${writers ?? '-'}`);
    return list?.length ? combine(list) : null;
  };
  const serverCpu = new ServerCpu();
  let natsVersion = '?';
  const pgVersion = await serverVersion(config.databaseUrl);
  const loadBefore = at(loadavg(), 0);

  try {
    const db = await createBenchDatabase(config.databaseUrl, `bulwark_bench_${tag}`);
    cleanups.push(() => db.drop());
    log(`database ${db.name}; generating the sample campus`);
    const workload = rosterWorkload(studentsNeeded(config));
    const payloads = workload.students
      .slice(0, 2000)
      .map((s) => workload.enrolledEvent(s).data as Record<string, unknown>);
    const payload = (i: number) => at(payloads, i % payloads.length);
    const metadata = () => ({
      correlationId: randomUUID(),
      causationId: null,
      actor: 'bench',
      commandId: null,
    });

    let appends: RosterAppends | null = null;
    if (config.only.has('roster') || config.only.has('store')) {
      log(`creating ${workload.unitWaves.flat().length} units through RosterCommands.createUnit`);
      appends = await RosterAppends.open(
        {
          url: db.url,
          pgPoolSize: config.pgPoolSize,
          // Unset means the library's defaults: leave the options out rather than pass undefined.
          store: {
            ...(config.maxBatch === undefined ? {} : { maxBatch: config.maxBatch }),
            ...(config.maxInFlight === undefined ? {} : { maxInFlight: config.maxInFlight }),
          },
        },
        workload,
      );
      cleanups.push(() => appends!.close());
    }
    let peer: EmmettPeer | null = null;
    if (config.only.has('emmett')) {
      try {
        peer = await EmmettPeer.open(db.url, config.pgPoolSize, { data: payload });
        const opened = peer;
        cleanups.push(() => opened.close());
      } catch (error) {
        log(`Emmett failed to open: ${(error as Error).stack ?? String(error)}`);
        notes.push({ label: 'Emmett', writers: null, rate: null, note: `failed: ${error}` });
      }
    }

    for (const writers of config.writers) {
      const raw = config.only.has('raw-pg')
        ? await RawPostgres.open(db.url, writers, { data: payload, metadata })
        : null;
      const turns: [string, () => Promise<Rate>][] = [];
      if (raw) turns.push(['raw-pg', () => raw.insert(slice, config.warmupSeconds)]);
      if (appends && config.only.has('roster')) {
        const a = appends;
        turns.push(['roster', () => a.enrol(writers, slice, config.warmupSeconds)]);
      }
      if (appends && config.only.has('store')) {
        const a = appends;
        turns.push(['store', () => a.storeAppend(writers, slice, config.warmupSeconds)]);
      }
      if (peer) {
        const p = peer;
        turns.push(['emmett', () => p.append(writers, slice, config.warmupSeconds)]);
      }
      try {
        for (let round = 0; round < config.rounds; round += 1) {
          log(`${writers} writer(s), round ${round + 1}/${config.rounds}`);
          for (const [name, run] of rotate(turns, round)) record(name, writers, await run());
        }
      } finally {
        await raw?.close();
      }
    }

    if (['jetstream', 'core-publish', 'relay'].some((m) => config.only.has(m))) {
      const relayDb = await createBenchDatabase(config.databaseUrl, `bulwark_bench_${tag}_relay`);
      cleanups.push(() => relayDb.drop());
      const nc = await connect({
        servers: config.natsUrl,
        name: 'bulwark-bench',
        noAsyncTraces: config.natsNoAsyncTraces,
      });
      cleanups.push(() => nc.drain());
      natsVersion = nc.info?.version ?? '?';
      const js = jetstream(nc);
      const jsm = await jetstreamManager(nc);
      const ns: Namespace = { prefix: `bench${tag}` };
      const { perRound, total } = relayPlan(config);
      log(`pre-appending ${total} events to ${relayDb.name}`);
      const source = await RelaySource.fill(relayDb.url, config.pgPoolSize, workload, total);
      cleanups.push(() => source.close());
      const envelopes = await source.envelopes('roster', 1000);
      const bytes = envelopes.reduce((sum, e) => sum + Buffer.byteLength(e), 0) / envelopes.length;
      log(`envelopes average ${Math.round(bytes)} bytes`);

      const turns: [string, () => Promise<Rate>][] = [];
      if (config.only.has('jetstream')) {
        const stream = await ensureContextStream(jsm, ns, 'rawbench');
        cleanups.push(() => jsm.streams.delete(stream));
        const raw = new RawJetStream(
          js,
          subjectOf(ns, 'rawbench', 'StudentEnrolled'),
          envelopes,
          config.jetStreamWindow,
        );
        turns.push(['jetstream', () => raw.publish(perRound)]);
      }
      if (config.only.has('core-publish')) {
        const stream = await ensureContextStream(jsm, ns, 'rawcore');
        cleanups.push(() => jsm.streams.delete(stream));
        const raw = new RawCorePublish(
          nc,
          subjectOf(ns, 'rawcore', 'StudentEnrolled'),
          envelopes,
          config.jetStreamWindow,
        );
        turns.push(['core-publish', () => raw.publish(perRound)]);
      }
      if (config.only.has('run-publish')) {
        const stream = await ensureContextStream(jsm, ns, 'rawrun');
        cleanups.push(() => jsm.streams.delete(stream));
        const raw = new RawRunPublish(
          nc,
          stream,
          subjectOf(ns, 'rawrun', 'StudentEnrolled'),
          envelopes,
          config.relayBatch ?? 1000,
        );
        cleanups.push(async () => raw.close());
        turns.push(['run-publish', () => raw.publish(perRound)]);
      }
      if (config.only.has('relay')) {
        const stream = await ensureContextStream(jsm, ns, 'roster');
        cleanups.push(() => jsm.streams.delete(stream));
        const relay = new RelayRun(source, nc, jsm, ns, 'roster', config.relayBatch);
        cleanups.push(() => relay.stop());
        turns.push(['relay', () => relay.publish(perRound)]);
      }
      for (let round = 0; round < config.rounds; round += 1) {
        log(`JetStream, round ${round + 1}/${config.rounds}`);
        for (const [name, run] of rotate(turns, round)) {
          record(name, null, await serverCpu.measure(name, run));
        }
      }
    }
  } finally {
    for (const cleanup of cleanups.reverse()) {
      await cleanup().catch((error: unknown) => log(`cleanup: ${String(error)}`));
    }
  }

  const figures: Figure[] = [];
  const labels: Record<string, string> = {
    'raw-pg': 'raw PostgreSQL single-row INSERT, autocommit',
    roster: 'roster enrol: RosterCommands -> PostgresEventStore',
    store: 'PostgresEventStore.append only (peer workload)',
    emmett: 'Emmett PostgreSQL appendToStream (peer)',
  };
  for (const writers of config.writers) {
    for (const [name, label] of Object.entries(labels)) {
      const rate = figure(name, writers);
      if (rate) figures.push({ label, writers, rate });
    }
  }
  const jsRaw = figure('jetstream', null);
  const coreRaw = figure('core-publish', null);
  const runRaw = figure('run-publish', null);
  const relay = figure('relay', null);
  if (jsRaw) {
    const label = `raw JetStream pipelined publish, js.publish (window ${config.jetStreamWindow})`;
    figures.push({ label, writers: null, rate: jsRaw });
  }
  if (coreRaw) {
    const label = `raw pipelined publish, every message acked (core NATS, window ${config.jetStreamWindow})`;
    figures.push({ label, writers: null, rate: coreRaw });
  }
  if (runRaw) {
    const label = `raw runs as the relay publishes (run ${config.relayBatch ?? 1000})`;
    figures.push({ label, writers: null, rate: runRaw });
  }
  if (relay) {
    const label = `EventRelay publishBatch loop (batch ${config.relayBatch ?? 1000})`;
    figures.push({ label, writers: null, rate: relay });
  }
  figures.push(...notes);

  const ratios: Ratio[] = [];
  for (const writers of config.writers) {
    const target = writers === TARGET_WRITERS;
    const w = `${writers} writer${writers === 1 ? '' : 's'}`;
    const roster = figure('roster', writers);
    const raw = figure('raw-pg', writers);
    const emmett = figure('emmett', writers);
    const store = figure('store', writers);
    ratios.push(
      {
        label: `roster appends / raw insert, ${w}`,
        numerator: roster,
        denominator: raw,
        atLeast: target ? 0.6 : undefined,
      },
      {
        label: `roster appends / emmett, ${w}`,
        numerator: roster,
        denominator: emmett,
        atLeast: target ? 2 : undefined,
      },
      { label: `store.append only / raw insert, ${w}`, numerator: store, denominator: raw },
      {
        label: `store.append only / emmett (same workload), ${w}`,
        numerator: store,
        denominator: emmett,
      },
    );
  }
  ratios.push({
    label: 'relay / raw JetStream pipelined (js.publish)',
    numerator: relay,
    denominator: jsRaw,
  });
  ratios.push({
    label: 'relay / raw pipelined publish, every message acked (core NATS)',
    numerator: relay,
    denominator: coreRaw,
    atLeast: 0.75,
  });
  ratios.push({
    label: 'relay / raw runs as the relay publishes',
    numerator: relay,
    denominator: runRaw,
  });

  // Where each JetStream figure's CPU went: the rate is bound by the two cores all three share.
  const cpuLines: string[] = [];
  for (const [name, label] of [
    ['jetstream', 'raw JetStream pipelined publish'],
    ['core-publish', 'raw pipelined, every message acked'],
    ['run-publish', 'raw runs as the relay publishes'],
    ['relay', 'EventRelay'],
  ] as const) {
    const rate = figure(name, null);
    if (!rate) continue;
    const us = (v: number | null | undefined) => (v == null ? '-' : v.toFixed(1));
    const node = rate.nodeCpu !== undefined ? (rate.nodeCpu * 1e6) / rate.perSecond : null;
    cpuLines.push(
      `${label.padEnd(33)} bench ${us(node)}, nats-server ${us(serverCpu.perMessage(name, 'nats-server'))}, ` +
        `PostgreSQL ${us(serverCpu.perMessage(name, 'postgres'))}`,
    );
  }

  const cpu = cpus();
  const storeOptions = [
    `pg pool ${config.pgPoolSize}`,
    `maxBatch ${config.maxBatch ?? 'default (256)'}`,
    `maxInFlight ${config.maxInFlight ?? 'default (2)'}`,
  ].join(', ');
  console.log(
    [
      '',
      `Bulwark bench: ${cpu.length} CPU (${cpu[0]?.model.trim() ?? '?'}), Node ${process.version}, ` +
        `PostgreSQL ${pgVersion}, nats-server ${natsVersion}; load average ` +
        `${loadBefore.toFixed(2)} before, ${at(loadavg(), 0).toFixed(2)} after`,
      `closed-loop figures: ${config.seconds} s measured in ${config.rounds} rounds ` +
        `(${config.warmupSeconds} s warm-up each), median round shown; event store ${storeOptions}; ` +
        `JetStream: ${relayPlan(config).total} messages per figure in ${config.rounds} rounds` +
        (config.natsNoAsyncTraces ? ', NATS noAsyncTraces' : ''),
      '',
      formatTable(figures),
      '',
      formatRatios(ratios.filter((r) => r.numerator || r.denominator)),
      '',
      ...(cpuLines.length
        ? ['CPU µs per message (bench Node process, servers on this machine):', ...cpuLines, '']
        : []),
    ].join('\n'),
  );
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
