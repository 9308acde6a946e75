import { randomBytes } from 'node:crypto';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { workerServers } from './servers/worker-servers';

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

/**
 * NATS with JetStream: NATS_URL, which jest's global setup sets when it is unset (loopback,
 * else a nats:2.9 container; see servers/choose-servers.ts), with a namespace of the suite's own.
 */
export async function createTestNats(suite: string): Promise<TestNats> {
  const prefix = `t${suite
    .replace(/[^a-z0-9]/gi, '')
    .toLowerCase()
    .slice(0, 12)}${randomBytes(3).toString('hex')}`;
  return testNats((await workerServers()).natsUrl, prefix);
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
