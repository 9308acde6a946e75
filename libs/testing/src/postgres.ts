import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

let container: { getConnectionUri(): string; stop(): Promise<unknown> } | null = null;

/**
 * The PostgreSQL server tests use: DATABASE_URL when set (CI and developer machines with a
 * local server), otherwise a container started by testcontainers, once per test worker.
 */
async function serverUrl(): Promise<string> {
  if (process.env.DATABASE_URL) return process.env.DATABASE_URL;
  if (!container) {
    const { PostgreSqlContainer } = await import('@testcontainers/postgresql');
    container = await new PostgreSqlContainer('postgres:15-alpine').start();
  }
  return container.getConnectionUri();
}

export interface TestDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

/** A fresh, empty database of its own for one suite; `drop()` removes it. */
export async function createTestDatabase(suite: string): Promise<TestDatabase> {
  const server = await serverUrl();
  const name = `bulwark_t_${suite.replace(/[^a-z0-9]/gi, '_').toLowerCase()}_${randomBytes(4).toString('hex')}`;
  const admin = new Client({ connectionString: server });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(server);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    async drop() {
      const c = new Client({ connectionString: server });
      await c.connect();
      try {
        await sessionsGone(c, name);
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}

/** How long `drop()` lets the suite's closed pools finish hanging up before it forces them. */
const HANG_UP_MS = 3000;

/**
 * Waits (a little) until no session is connected to the database. A pg pool's `end()` resolves
 * once it has asked each idle client to end, before their connections are closed; forced off
 * in that moment, a client reports PostgreSQL's "terminating connection" to a pool that has
 * stopped listening for errors, and the suite dies of an unhandled error after its tests passed.
 * Sessions still there after the wait (a leak) are forced off by the DROP as before.
 */
async function sessionsGone(c: Client, name: string): Promise<void> {
  const until = Date.now() + HANG_UP_MS;
  while (Date.now() < until) {
    const { rows } = await c.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1`,
      [name],
    );
    if (rows[0]?.n === 0) return;
    await new Promise((r) => setTimeout(r, 20));
  }
}
