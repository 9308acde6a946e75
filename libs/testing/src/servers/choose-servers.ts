/** PostgreSQL and NATS as tests reach them, and what stops them when the run is over. */
export interface TestServers {
  databaseUrl: string;
  natsUrl: string;
  /** Where each came from, for the one line the run prints. */
  origin: { postgres: ServerOrigin; nats: ServerOrigin };
  /** Stops the containers started for the run (nothing else). */
  stop(): Promise<void>;
}

export type ServerOrigin = 'environment' | 'loopback' | 'container';

/** A server started for the run. */
export interface RunningServer {
  url: string;
  stop(): Promise<void>;
}

/**
 * How servers are found, injected so the choice can be tested without them. `reach*` resolve
 * when the server answers (NATS with JetStream) and reject with the reason otherwise; `start*`
 * start a container (testcontainers) or reject with the reason.
 */
export interface ServerProbes {
  reachPostgres(url: string): Promise<void>;
  reachNats(url: string): Promise<void>;
  startPostgres(): Promise<RunningServer>;
  startNats(): Promise<RunningServer>;
}

export const LOOPBACK_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
export const LOOPBACK_NATS_URL = 'nats://127.0.0.1:4222';

/** Thrown when neither the environment, loopback nor a container gives a server. */
export class TestServersUnavailable extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TestServersUnavailable';
  }
}

type Choice = { url: string; origin: ServerOrigin; stop?: () => Promise<void> };
type Way = { name: string; variable: string; loopback: string; image: string };

const POSTGRES: Way = {
  name: 'PostgreSQL',
  variable: 'DATABASE_URL',
  loopback: LOOPBACK_DATABASE_URL,
  image: 'postgres:15-alpine',
};
const NATS: Way = {
  name: 'NATS with JetStream',
  variable: 'NATS_URL',
  loopback: LOOPBACK_NATS_URL,
  image: 'nats:2.9',
};

/**
 * Decides, once per run, which PostgreSQL and NATS the integration tests use, each on its own:
 * the URL in the environment when set (used as given, never probed); otherwise the server on
 * its default loopback port when it answers; otherwise a container. When a server can be had
 * none of these ways, it fails with one message that says what to set.
 */
export async function chooseTestServers(
  env: Readonly<Record<string, string | undefined>>,
  probes: ServerProbes,
): Promise<TestServers> {
  const [postgres, nats] = await Promise.allSettled([
    choose(POSTGRES, env, probes.reachPostgres, probes.startPostgres),
    choose(NATS, env, probes.reachNats, probes.startNats),
  ]);
  const started = [postgres, nats].flatMap((r) =>
    r.status === 'fulfilled' && r.value.stop ? [r.value.stop] : [],
  );
  const stop = async () => {
    await Promise.allSettled(started.map((s) => s()));
  };
  if (postgres.status === 'rejected' || nats.status === 'rejected') {
    await stop();
    const why = [postgres, nats].flatMap((r) =>
      r.status === 'rejected' ? [String((r.reason as Error).message)] : [],
    );
    throw new TestServersUnavailable(unavailable(why));
  }
  return {
    databaseUrl: postgres.value.url,
    natsUrl: nats.value.url,
    origin: { postgres: postgres.value.origin, nats: nats.value.origin },
    stop,
  };
}

async function choose(
  way: Way,
  env: Readonly<Record<string, string | undefined>>,
  reach: (url: string) => Promise<void>,
  start: () => Promise<RunningServer>,
): Promise<Choice> {
  const given = env[way.variable];
  if (given) return { url: given, origin: 'environment' };
  const loopback = await reach(way.loopback).then(
    () => null,
    (error: unknown) => reason(error),
  );
  if (loopback === null) return { url: way.loopback, origin: 'loopback' };
  try {
    const server = await start();
    return { url: server.url, origin: 'container', stop: server.stop };
  } catch (error) {
    throw new Error(
      [
        `${way.name}: ${way.variable} is not set,`,
        `  nothing usable answers on ${way.loopback} (${loopback}),`,
        `  and testcontainers could not start ${way.image} (${reason(error)}).`,
      ].join('\n'),
    );
  }
}

function unavailable(why: string[]): string {
  return [
    'Integration tests need PostgreSQL and NATS with JetStream, and found no way to one of them:',
    '',
    ...why,
    '',
    'Do one of these:',
    `  - set DATABASE_URL (a server where tests may create databases, e.g. ${LOOPBACK_DATABASE_URL})`,
    `    and NATS_URL (JetStream enabled, e.g. ${LOOPBACK_NATS_URL});`,
    '  - run PostgreSQL (user postgres, no password) and nats-server -js on those loopback ports;',
    '  - start Docker, so testcontainers can run postgres:15-alpine and nats:2.9.',
    '`npm run test:unit` needs none of them.',
  ].join('\n');
}

function reason(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n')[0]?.trim() || (error as Error)?.name || 'no answer';
}
