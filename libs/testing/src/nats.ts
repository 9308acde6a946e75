import { randomBytes } from 'node:crypto';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';

let container: {
  getConnectionOptions(): { servers?: string | string[] };
  stop(): Promise<unknown>;
} | null = null;

export interface TestNats {
  url: string;
  /** The suite's own namespace: its streams and subjects are invisible to other suites. */
  prefix: string;
  /**
   * Deletes the suite's streams (those named `<PREFIX>_…`). Suites call it last in `afterAll`:
   * against a long-lived server (CI's, a developer's) streams would otherwise pile up run
   * after run. Only the suite's own prefix is touched, so suites running in parallel are safe.
   */
  removeStreams(): Promise<void>;
}

/** NATS with JetStream: NATS_URL when set, otherwise a container (nats:2.9 -js) per worker. */
export async function createTestNats(suite: string): Promise<TestNats> {
  const prefix = `t${suite
    .replace(/[^a-z0-9]/gi, '')
    .toLowerCase()
    .slice(0, 12)}${randomBytes(3).toString('hex')}`;
  if (process.env.NATS_URL) return testNats(process.env.NATS_URL, prefix);
  if (!container) {
    const { NatsContainer } = await import('@testcontainers/nats');
    container = await new NatsContainer('nats:2.9').withJetStream().start();
  }
  const servers = container.getConnectionOptions().servers ?? [];
  const server = Array.isArray(servers) ? servers[0] : servers;
  if (!server) throw new Error('the NATS container names no server');
  return testNats(server, prefix);
}

function testNats(url: string, prefix: string): TestNats {
  return {
    url,
    prefix,
    async removeStreams() {
      const nc = await connect({ servers: url });
      try {
        const jsm = await jetstreamManager(nc);
        const own = `${prefix.toUpperCase()}_`;
        for await (const name of jsm.streams.names())
          if (name.startsWith(own)) await jsm.streams.delete(name);
      } finally {
        await nc.close();
      }
    },
  };
}
