import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { Client } from 'pg';

/** How long a probe waits for a server on loopback before taking it as absent. */
const PROBE_TIMEOUT_MS = 2000;

/** Resolves when PostgreSQL at `url` takes a connection and a query. */
export async function reachPostgres(url: string): Promise<void> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: PROBE_TIMEOUT_MS });
  // A refused or dropped connection is reported by connect(); no stray 'error' event after.
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('SELECT 1');
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Resolves when NATS at `url` answers with JetStream enabled. */
export async function reachNats(url: string): Promise<void> {
  const nc = await connect({ servers: url, timeout: PROBE_TIMEOUT_MS, reconnect: false });
  try {
    // The JetStream API answers only when the server runs with JetStream on.
    await jetstreamManager(nc, { timeout: PROBE_TIMEOUT_MS });
  } finally {
    await nc.close();
  }
}
