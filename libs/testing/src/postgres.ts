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
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}
