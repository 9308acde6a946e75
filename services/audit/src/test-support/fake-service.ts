import { randomUUID } from 'node:crypto';
import { NewEvent } from '@bulwark/decider';
import {
  eventStoreMigrations,
  poolOf,
  PostgresEventStore,
  RecordedEvent,
  serviceDataSource,
} from '@bulwark/event-store';
import { ensureContextStream, EventRelay } from '@bulwark/messaging';
import { createTestDatabase, TestDatabase, TestNats } from '@bulwark/testing';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect, NatsConnection } from '@nats-io/transport-node';
import type { Pool } from 'pg';
import type { DataSource } from 'typeorm';
import { oneRow } from '../one-row';

/**
 * A service of another context in miniature, for the audit's tests: its own database with a
 * real event store, and the real relay publishing its events to its JetStream stream.
 */
export interface FakeService {
  context: string;
  db: TestDatabase;
  pool: Pool;
  store: PostgresEventStore;
  /** Appends events to a stream as `actor`, at `occurredAt` (default now). */
  append(
    streamId: string,
    events: NewEvent[],
    actor: string,
    occurredAt?: Date,
  ): Promise<RecordedEvent[]>;
  /** Publishes everything committed so far; returns how many were published. */
  publish(): Promise<number>;
  close(): Promise<void>;
}

export async function startFakeService(
  context: string,
  suite: string,
  nats: TestNats,
): Promise<FakeService> {
  const db = await createTestDatabase(`${suite}_${context}`);
  const dataSource: DataSource = await serviceDataSource({
    url: db.url,
    migrations: eventStoreMigrations,
    poolSize: 4,
  }).initialize();
  await dataSource.runMigrations({ transaction: 'each' });
  const pool = poolOf(dataSource);
  const store = new PostgresEventStore(pool);
  const nc: NatsConnection = await connect({ servers: nats.url });
  const jsm = await jetstreamManager(nc);
  const ns = { prefix: nats.prefix };
  await ensureContextStream(jsm, ns, context);
  // With the connection, as the services' Outbox gives it: the relay's production publish path.
  const relay = new EventRelay({ store, nc, jsm, ns, context, batchSize: 500 });
  let published = 0;
  return {
    context,
    db,
    pool,
    store,
    async append(streamId, events, actor, occurredAt) {
      const outcome = await store.append([{ streamId, expectedVersion: 'any', events }], {
        metadata: { correlationId: randomUUID(), causationId: null, actor, commandId: null },
        ...(occurredAt === undefined ? {} : { occurredAt }),
      });
      if (outcome.status !== 'appended') throw new Error('not appended');
      return outcome.events;
    },
    async publish() {
      // Readers see only transactions older than every running one, cluster-wide: another
      // suite's open transaction can hold a batch back for a moment, so wait for all of it.
      const counted = await pool.query<{ n: string }>('SELECT count(*) AS n FROM events');
      const committed = Number(oneRow(counted, 'the event count').n);
      let total = 0;
      while (published < committed) {
        const n = await relay.publishBatch();
        total += n;
        published += n;
        if (n === 0) await new Promise((r) => setTimeout(r, 20));
      }
      return total;
    },
    async close() {
      await relay.stop();
      await nc.drain();
      await dataSource.destroy();
      await db.drop();
    },
  };
}
