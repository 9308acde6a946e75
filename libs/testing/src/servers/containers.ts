// Static imports: this module is loaded only by the jest global setup, in jest's own process.
// (A dynamic import() there used to fail under ts-jest's CommonJS before reaching Docker.)
import { NatsContainer } from '@testcontainers/nats';
import { PostgreSqlContainer } from '@testcontainers/postgresql';
import type { RunningServer } from './choose-servers';

/** PostgreSQL 15 in a container (testcontainers), for a run with no other server. */
export async function startPostgresContainer(): Promise<RunningServer> {
  const container = await new PostgreSqlContainer('postgres:15-alpine').start();
  return {
    url: container.getConnectionUri(),
    stop: async () => void (await container.stop()),
  };
}

/** nats-server 2.9 with JetStream in a container, for a run with no other server. */
export async function startNatsContainer(): Promise<RunningServer> {
  const container = await new NatsContainer('nats:2.9').withJetStream().start();
  const servers = container.getConnectionOptions().servers ?? [];
  const url = Array.isArray(servers) ? servers[0] : servers;
  if (url === undefined) throw new Error('the NATS container reported no server address');
  return {
    url,
    stop: async () => void (await container.stop()),
  };
}
