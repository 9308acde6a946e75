import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { jetstream, type JetStreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { streamOf } from '@bulwark/messaging';
import { Client } from 'pg';
import { at } from './checked';
import type { ServiceFleet } from './service-fleet';

const ROOT = resolve(__dirname, '../..');

/** Runs `sql` on a database and returns its rows. */
export async function query<T extends object>(url: string, sql: string, params: unknown[] = []) {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

/** Whether a service's database has an event store (the audit has a log instead). */
export async function hasEventStore(url: string): Promise<boolean> {
  const rows = await query<{ t: string | null }>(url, `SELECT to_regclass('events')::text AS t`);
  return at(rows, 0).t !== null;
}

/** Event ids of a service's store in commit order: the order its relay must publish. */
export async function storedEventIds(url: string): Promise<string[]> {
  const rows = await query<{ id: string }>(
    url,
    `SELECT event_id::text AS id FROM events ORDER BY transaction_id, global_position`,
  );
  return rows.map((r) => r.id);
}

/** `Nats-Msg-Id` of every message of a stream, in stream sequence. */
export async function streamMessageIds(
  nc: NatsConnection,
  jsm: JetStreamManager,
  stream: string,
): Promise<string[]> {
  const info = await jsm.streams.info(stream);
  const last = info.state.last_seq;
  const ids: string[] = [];
  if (info.state.messages === 0) return ids;
  const consumer = await jetstream(nc).consumers.get(stream); // ordered, ephemeral
  const messages = await consumer.consume();
  for await (const m of messages) {
    ids.push(m.headers?.get('Nats-Msg-Id') ?? `(no id at ${m.seq})`);
    if (m.seq >= last) break;
  }
  await messages.close();
  return ids;
}

/** Ids that occur more than once. */
export function repeated(ids: string[]): string[] {
  const seen = new Set<string>();
  return ids.filter((id) => (seen.has(id) ? true : (seen.add(id), false)));
}

/**
 * For every service with an event store: its stream holds each stored event exactly once, in
 * commit order, and nothing else. Returns the events per service.
 */
export async function relayedExactlyOnce(
  fleet: ServiceFleet,
  nc: NatsConnection,
  jsm: JetStreamManager,
): Promise<Map<string, string[]>> {
  const byService = new Map<string, string[]>();
  for (const { name } of fleet.services) {
    const url = fleet.databaseUrl(name);
    if (!(await hasEventStore(url))) continue;
    const stored = await storedEventIds(url);
    const published = await streamMessageIds(nc, jsm, streamOf({ prefix: fleet.prefix }, name));
    expect({ service: name, repeated: repeated(published) }).toEqual({
      service: name,
      repeated: [],
    });
    expect({ service: name, published: published.length }).toEqual({
      service: name,
      published: stored.length,
    });
    expect(published).toEqual(stored);
    byService.set(name, stored);
  }
  return byService;
}

/** The audit log holds every context's events once each, in each stream's order. */
export async function auditComplete(
  auditUrl: string,
  events: Map<string, string[]>,
): Promise<void> {
  for (const [context, ids] of events) {
    const logged = await query<{ id: string }>(
      auditUrl,
      `SELECT event_id::text AS id FROM audit_log WHERE context = $1 ORDER BY stream_seq`,
      [context],
    );
    expect({ context, logged: logged.length }).toEqual({ context, logged: ids.length });
    expect(logged.map((r) => r.id)).toEqual(ids);
  }
}

/** The auditors' CLI: `verify --store <each service's database>`, exit 0 when intact. */
export async function auditVerifies(fleet: ServiceFleet, stores: string[]): Promise<void> {
  const args = [resolve(ROOT, 'services/audit/dist/cli/audit.js'), 'verify', '--quiet'];
  for (const store of stores) args.push('--store', fleet.databaseUrl(store));
  const { stdout } = await promisify(execFile)(process.execPath, args, {
    env: { PATH: process.env.PATH, AUDIT_DATABASE_URL: fleet.databaseUrl('audit') },
    cwd: ROOT,
    maxBuffer: 64 * 1024 * 1024,
  });
  expect(stdout.length).toBeGreaterThan(0);
}

/**
 * Bytes per event in each store, for the capacity plan: each service's event store (the
 * `events` table with its indexes and TOAST, and the whole database with read models and
 * snapshots), its JetStream stream (one replica's copy), and the audit database.
 */
export async function storageFigures(
  fleet: ServiceFleet,
  jsm: JetStreamManager,
): Promise<string[]> {
  const lines: string[] = [];
  let total = 0;
  for (const { name } of fleet.services) {
    const url = fleet.databaseUrl(name);
    if (!(await hasEventStore(url))) continue;
    const rows = await query<{ events: number; table: number; db: number }>(
      url,
      `SELECT (SELECT count(*) FROM events)::int AS events,
              pg_total_relation_size('events')::float8 AS table,
              pg_database_size(current_database())::float8 AS db`,
    );
    const row = at(rows, 0);
    if (row.events === 0) continue; // the audit's store is empty: its log is measured below
    total += row.events;
    const info = await jsm.streams.info(streamOf({ prefix: fleet.prefix }, name));
    lines.push(
      `${name}: ${row.events} events; PostgreSQL events table ${Math.round(row.table / row.events)} B/event, ` +
        `whole database ${Math.round(row.db / row.events)} B/event; JetStream ` +
        `${Math.round(info.state.bytes / info.state.messages)} B/message per replica`,
    );
  }
  const auditRows = await query<{ log: number; db: number }>(
    fleet.databaseUrl('audit'),
    `SELECT pg_total_relation_size('audit_log')::float8 AS log,
            pg_database_size(current_database())::float8 AS db`,
  );
  const audit = at(auditRows, 0);
  lines.push(
    `audit: log ${Math.round(audit.log / total)} B/event, whole database ${Math.round(audit.db / total)} B/event`,
  );
  return lines;
}
