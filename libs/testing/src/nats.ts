import { randomBytes } from 'node:crypto';

let container: {
  getConnectionOptions(): { servers?: string | string[] };
  stop(): Promise<unknown>;
} | null = null;

export interface TestNats {
  url: string;
  /** The suite's own namespace: its streams and subjects are invisible to other suites. */
  prefix: string;
}

/** NATS with JetStream: NATS_URL when set, otherwise a container (nats:2.9 -js) per worker. */
export async function createTestNats(suite: string): Promise<TestNats> {
  const prefix = `t${suite
    .replace(/[^a-z0-9]/gi, '')
    .toLowerCase()
    .slice(0, 12)}${randomBytes(3).toString('hex')}`;
  if (process.env.NATS_URL) return { url: process.env.NATS_URL, prefix };
  if (!container) {
    const { NatsContainer } = await import('@testcontainers/nats');
    container = await new NatsContainer('nats:2.9').withJetStream().start();
  }
  const servers = container.getConnectionOptions().servers ?? [];
  return { url: Array.isArray(servers) ? servers[0] : servers, prefix };
}
