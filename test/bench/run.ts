// The append and relay benchmark: `npm run bench`. Prints a table of ops/s and the ratios to
// the baselines measured in the same run; targets are printed as met or missed, never asserted.
import './register-paths';
import { randomUUID } from 'node:crypto';
import { cpus } from 'node:os';
import { ensureContextStream, subjectOf, type Namespace } from '@bulwark/messaging';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { Client } from 'pg';
import { benchConfig, BenchConfig, createBenchDatabase, runTag } from './bench-env';
import { EmmettPeer } from './emmett-peer';
import type { Rate } from './measure';
import { rawInsertRate } from './raw-postgres';
import { rawPipelinedPublishRate } from './raw-jetstream';
import { relayRate, RelaySource } from './relay-rate';
import { Figure, formatRatios, formatTable, Ratio } from './report';
import { RosterAppends } from './roster-appends';
import { rosterWorkload } from './roster-workload';

const TARGET_WRITERS = 8;
const log = (message: string) => console.error(`[bench] ${message}`);

/** Enough distinct students for every enrol figure (a generous guess at the rate). */
function studentsNeeded(config: BenchConfig): number {
  const fromEnv = Number(process.env.BENCH_STUDENTS);
  if (fromEnv > 0) return fromEnv;
  const enrols = config.only.has('roster')
    ? config.writers.reduce((sum, w) => sum + Math.min(w * 2500, 12_000), 0) *
      (config.seconds + config.warmupSeconds)
    : 0;
  return Math.ceil(Math.max(enrols, config.only.has('relay') ? config.relayEvents : 1000, 2000));
}

async function serverVersion(url: string): Promise<string> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<{ v: string }>("SELECT current_setting('server_version') AS v"))
      .rows[0].v;
  } finally {
    await client.end();
  }
}

async function main(): Promise<void> {
  const config = benchConfig();
  const tag = runTag();
  const cleanups: (() => Promise<unknown>)[] = [];
  const figures: Figure[] = [];
  const raw = new Map<number, Rate>();
  const roster = new Map<number, Rate>();
  const store = new Map<number, Rate>();
  const emmett = new Map<number, Rate>();
  let jsRaw: Rate | null = null;
  let relay: Rate | null = null;
  let natsVersion = '?';
  const pgVersion = await serverVersion(config.databaseUrl);

  try {
    const db = await createBenchDatabase(config.databaseUrl, `bulwark_bench_${tag}`);
    cleanups.push(() => db.drop());
    log(`database ${db.name}; generating the sample campus`);
    const workload = rosterWorkload(studentsNeeded(config));
    const payloads = workload.students
      .slice(0, 2000)
      .map((s) => workload.enrolledEvent(s).data as Record<string, unknown>);
    const payload = (i: number) => payloads[i % payloads.length];
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
          store: { maxBatch: config.maxBatch, maxInFlight: config.maxInFlight },
        },
        workload,
      );
      cleanups.push(() => appends!.close());
    }

    for (const writers of config.writers) {
      if (config.only.has('raw-pg')) {
        log(`raw INSERT, ${writers} writer(s)`);
        const rate = await rawInsertRate(db.url, writers, config.seconds, config.warmupSeconds, {
          data: payload,
          metadata,
        });
        raw.set(writers, rate);
      }
      if (appends && config.only.has('roster')) {
        log(`roster enrol, ${writers} writer(s) (${appends.studentsLeft} students left)`);
        roster.set(writers, await appends.enrol(writers, config.seconds, config.warmupSeconds));
      }
      if (appends && config.only.has('store')) {
        log(`store.append only, ${writers} writer(s)`);
        store.set(
          writers,
          await appends.storeAppend(writers, config.seconds, config.warmupSeconds),
        );
      }
    }

    if (config.only.has('jetstream') || config.only.has('relay')) {
      const relayDb = await createBenchDatabase(config.databaseUrl, `bulwark_bench_${tag}_relay`);
      cleanups.push(() => relayDb.drop());
      const nc = await connect({ servers: config.natsUrl, name: 'bulwark-bench' });
      cleanups.push(() => nc.drain());
      natsVersion = nc.info?.version ?? '?';
      const js = jetstream(nc);
      const jsm = await jetstreamManager(nc);
      const ns: Namespace = { prefix: `bench${tag}` };
      log(`pre-appending ${config.relayEvents} events to ${relayDb.name}`);
      const source = await RelaySource.fill(
        relayDb.url,
        config.pgPoolSize,
        workload,
        config.relayEvents,
      );
      cleanups.push(() => source.close());
      const envelopes = await source.envelopes('roster', 1000);
      const bytes = envelopes.reduce((sum, e) => sum + Buffer.byteLength(e), 0) / envelopes.length;
      log(`envelopes average ${Math.round(bytes)} bytes`);

      if (config.only.has('jetstream')) {
        const stream = await ensureContextStream(jsm, ns, 'rawbench');
        cleanups.push(() => jsm.streams.delete(stream));
        log(`raw JetStream pipelined publish, window ${config.jetStreamWindow}`);
        jsRaw = await rawPipelinedPublishRate(
          js,
          subjectOf(ns, 'rawbench', 'StudentEnrolled'),
          envelopes,
          config.relayEvents,
          config.jetStreamWindow,
        );
      }
      if (config.only.has('relay')) {
        const stream = await ensureContextStream(jsm, ns, 'roster');
        cleanups.push(() => jsm.streams.delete(stream));
        log(`relay, batch ${config.relayBatch ?? 'default'}`);
        relay = await relayRate(
          source,
          js,
          jsm,
          ns,
          'roster',
          config.relayEvents,
          config.relayBatch,
        );
      }
    }

    // Last: Emmett's driver changes pg's process-wide type parsers while it is open.
    if (config.only.has('emmett')) {
      let peer: EmmettPeer | null = null;
      try {
        peer = await EmmettPeer.open(db.url, config.pgPoolSize, { data: payload });
        for (const writers of config.writers) {
          log(`Emmett appendToStream, ${writers} writer(s)`);
          emmett.set(writers, await peer.append(writers, config.seconds, config.warmupSeconds));
        }
      } catch (error) {
        log(`Emmett failed: ${(error as Error).stack ?? String(error)}`);
        figures.push({
          label: 'Emmett',
          writers: null,
          rate: null,
          note: `failed: ${(error as Error).message}`,
        });
      } finally {
        await peer?.close();
      }
    }
  } finally {
    for (const cleanup of cleanups.reverse()) {
      await cleanup().catch((error: unknown) => log(`cleanup: ${String(error)}`));
    }
  }

  const storeOptions = [
    `pool ${config.pgPoolSize}`,
    `maxBatch ${config.maxBatch ?? 'default'}`,
    `maxInFlight ${config.maxInFlight ?? 'default'}`,
  ].join(', ');
  for (const writers of config.writers) {
    const add = (label: string, rate: Rate | undefined) =>
      rate && figures.push({ label, writers, rate });
    add('raw PostgreSQL single-row INSERT, autocommit', raw.get(writers));
    add('roster enrol: RosterCommands -> PostgresEventStore', roster.get(writers));
    add('PostgresEventStore.append only (peer workload)', store.get(writers));
    add('Emmett PostgreSQL appendToStream (peer)', emmett.get(writers));
  }
  if (jsRaw)
    figures.push({
      label: `raw JetStream pipelined publish (window ${config.jetStreamWindow})`,
      writers: null,
      rate: jsRaw,
    });
  if (relay)
    figures.push({
      label: `EventRelay publishBatch loop (batch ${config.relayBatch ?? 1000})`,
      writers: null,
      rate: relay,
    });

  const ratios: Ratio[] = [];
  for (const writers of config.writers) {
    const target = writers === TARGET_WRITERS;
    const w = `${writers} writer${writers === 1 ? '' : 's'}`;
    ratios.push(
      {
        label: `roster appends / raw insert, ${w}`,
        numerator: roster.get(writers) ?? null,
        denominator: raw.get(writers) ?? null,
        atLeast: target ? 0.6 : undefined,
      },
      {
        label: `roster appends / emmett, ${w}`,
        numerator: roster.get(writers) ?? null,
        denominator: emmett.get(writers) ?? null,
        atLeast: target ? 2 : undefined,
      },
      {
        label: `store.append only / emmett (same workload), ${w}`,
        numerator: store.get(writers) ?? null,
        denominator: emmett.get(writers) ?? null,
      },
      {
        label: `store.append only / raw insert, ${w}`,
        numerator: store.get(writers) ?? null,
        denominator: raw.get(writers) ?? null,
      },
    );
  }
  ratios.push({
    label: 'relay / raw JetStream pipelined',
    numerator: relay,
    denominator: jsRaw,
    atLeast: 0.75,
  });

  const cpu = cpus();
  console.log(
    [
      '',
      `Bulwark bench: ${cpu.length} CPU (${cpu[0]?.model.trim() ?? '?'}), Node ${process.version}, ` +
        `PostgreSQL ${pgVersion}, nats-server ${natsVersion}`,
      `${config.seconds} s per closed-loop figure after ${config.warmupSeconds} s warm-up; ` +
        `event store ${storeOptions}; relay and raw JetStream: ${config.relayEvents} messages`,
      '',
      formatTable(figures),
      '',
      formatRatios(ratios.filter((r) => r.numerator || r.denominator)),
      '',
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
