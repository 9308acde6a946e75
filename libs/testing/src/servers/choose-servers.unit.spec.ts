import {
  chooseTestServers,
  LOOPBACK_DATABASE_URL,
  LOOPBACK_NATS_URL,
  ServerProbes,
  TestServersUnavailable,
} from './choose-servers';

/** Probes that answer as told and record what was asked of them. */
function probes(world: {
  postgresOnLoopback?: boolean;
  natsOnLoopback?: boolean;
  docker?: boolean;
}) {
  const calls: string[] = [];
  const refused = (what: string) => Promise.reject(new Error(`${what}: connect ECONNREFUSED`));
  const container = (what: string, url: string) => {
    calls.push(`start ${what}`);
    if (!world.docker)
      return Promise.reject(new Error('Could not find a working container runtime strategy'));
    return Promise.resolve({
      url,
      stop: async () => void calls.push(`stop ${what}`),
    });
  };
  const p: ServerProbes = {
    reachPostgres: (url) => {
      calls.push(`reach ${url}`);
      return world.postgresOnLoopback ? Promise.resolve() : refused('postgres');
    },
    reachNats: (url) => {
      calls.push(`reach ${url}`);
      return world.natsOnLoopback ? Promise.resolve() : refused('nats');
    },
    startPostgres: () => container('postgres', 'postgres://test@localhost:32771/test'),
    startNats: () => container('nats', 'localhost:32772'),
  };
  return { probes: p, calls };
}

const ENV_PG = 'postgres://ci@db.example:5432/postgres';
const ENV_NATS = 'nats://nats.example:4222';

describe('chooseTestServers: environment, else loopback, else containers, else one message', () => {
  it('uses DATABASE_URL and NATS_URL as given, asking nothing of loopback or Docker', async () => {
    const { probes: p, calls } = probes({ postgresOnLoopback: true, natsOnLoopback: true });
    const servers = await chooseTestServers({ DATABASE_URL: ENV_PG, NATS_URL: ENV_NATS }, p);
    expect(servers).toMatchObject({
      databaseUrl: ENV_PG,
      natsUrl: ENV_NATS,
      origin: { postgres: 'environment', nats: 'environment' },
    });
    await servers.stop();
    expect(calls).toEqual([]);
  });

  it('unset, takes the servers on their default loopback ports when they answer', async () => {
    const { probes: p, calls } = probes({
      postgresOnLoopback: true,
      natsOnLoopback: true,
      docker: true,
    });
    const servers = await chooseTestServers({}, p);
    expect(servers).toMatchObject({
      databaseUrl: LOOPBACK_DATABASE_URL,
      natsUrl: LOOPBACK_NATS_URL,
      origin: { postgres: 'loopback', nats: 'loopback' },
    });
    expect(LOOPBACK_DATABASE_URL).toBe('postgres://postgres@127.0.0.1:5432/postgres');
    expect(LOOPBACK_NATS_URL).toBe('nats://127.0.0.1:4222');
    await servers.stop();
    expect(calls.sort()).toEqual([`reach ${LOOPBACK_NATS_URL}`, `reach ${LOOPBACK_DATABASE_URL}`]);
  });

  it('unset and silent on loopback, starts containers, and stop() stops them', async () => {
    const { probes: p, calls } = probes({ docker: true });
    const servers = await chooseTestServers({ DATABASE_URL: '', NATS_URL: undefined }, p);
    expect(servers).toMatchObject({
      databaseUrl: 'postgres://test@localhost:32771/test',
      natsUrl: 'localhost:32772',
      origin: { postgres: 'container', nats: 'container' },
    });
    expect(calls.filter((c) => c.startsWith('stop'))).toEqual([]);
    await servers.stop();
    expect(calls.filter((c) => c.startsWith('stop')).sort()).toEqual([
      'stop nats',
      'stop postgres',
    ]);
  });

  it('chooses each server on its own: the one given, the other from loopback or a container', async () => {
    const onLoopback = probes({ natsOnLoopback: true });
    const a = await chooseTestServers({ DATABASE_URL: ENV_PG }, onLoopback.probes);
    expect(a.origin).toEqual({ postgres: 'environment', nats: 'loopback' });
    expect(onLoopback.calls).toEqual([`reach ${LOOPBACK_NATS_URL}`]);

    const inContainer = probes({ postgresOnLoopback: true, docker: true });
    const b = await chooseTestServers({ NATS_URL: ENV_NATS }, inContainer.probes);
    expect(b).toMatchObject({
      databaseUrl: LOOPBACK_DATABASE_URL,
      natsUrl: ENV_NATS,
      origin: { postgres: 'loopback', nats: 'environment' },
    });
    expect(inContainer.calls.some((c) => c.startsWith('start'))).toBe(false);
  });

  it('with no way to either, fails once with a message that says what to set', async () => {
    const { probes: p } = probes({});
    const failure = await chooseTestServers({}, p).then(
      () => null,
      (e: unknown) => e,
    );
    expect(failure).toBeInstanceOf(TestServersUnavailable);
    const message = (failure as Error).message;
    expect(message).toContain('PostgreSQL: DATABASE_URL is not set');
    expect(message).toContain(`nothing usable answers on ${LOOPBACK_DATABASE_URL}`);
    expect(message).toContain('NATS with JetStream: NATS_URL is not set');
    expect(message).toContain('Could not find a working container runtime strategy');
    expect(message).toMatch(/set DATABASE_URL .*\n.*and NATS_URL/);
    expect(message).toContain('start Docker');
    expect(message).not.toMatch(/\n\s+at /); // a message, not a stack trace
  });

  it('names only what is missing, and stops a container it started for the other', async () => {
    let stopped = 0;
    const { probes: p } = probes({});
    const failure = await chooseTestServers(
      {},
      {
        ...p,
        startPostgres: async () => ({ url: 'postgres://c/p', stop: async () => void stopped++ }),
      },
    ).then(
      () => null,
      (e: unknown) => e as Error,
    );
    expect(failure?.message).toContain('NATS_URL is not set');
    expect(failure?.message).not.toContain('DATABASE_URL is not set');
    expect(stopped).toBe(1);
  });
});
