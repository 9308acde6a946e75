import { chooseTestServers, TestServers, TestServersUnavailable } from './choose-servers';
import { startNatsContainer, startPostgresContainer } from './containers';
import { reachNats, reachPostgres } from './probes';

/** Where the setup leaves the run's servers for the teardown (same process, same global). */
export const RUN_SERVERS = Symbol.for('bulwark.testing.servers');

/**
 * Jest global setup of the integration tests: chooses PostgreSQL and NATS once for the run
 * (environment, else loopback, else containers) and hands them to every worker through
 * DATABASE_URL and NATS_URL, which workers inherit. With no way to either, the run stops
 * here with one message instead of a stack trace per test.
 */
export default async function globalSetup(): Promise<void> {
  let servers: TestServers;
  try {
    servers = await chooseTestServers(process.env, {
      reachPostgres,
      reachNats,
      startPostgres: startPostgresContainer,
      startNats: startNatsContainer,
    });
  } catch (error) {
    if (!(error instanceof TestServersUnavailable)) throw error;
    process.stderr.write(`\n${error.message}\n\n`);
    // Jest would print the error again with its stack; the message above says it all.
    process.exit(1);
  }
  (globalThis as { [RUN_SERVERS]?: TestServers })[RUN_SERVERS] = servers;
  process.env.DATABASE_URL = servers.databaseUrl;
  process.env.NATS_URL = servers.natsUrl;
  const { postgres, nats } = servers.origin;
  if (postgres !== 'environment' || nats !== 'environment')
    process.stdout.write(
      `\nIntegration tests use PostgreSQL ${describe(postgres, servers.databaseUrl)} and NATS ${describe(nats, servers.natsUrl)}.\n`,
    );
}

function describe(origin: string, url: string): string {
  const where = new URL(url.includes('://') ? url : `nats://${url}`);
  return `${where.host} (${origin === 'environment' ? 'from the environment' : origin})`;
}
