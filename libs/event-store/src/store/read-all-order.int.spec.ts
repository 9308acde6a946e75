import { randomUUID } from 'node:crypto';
import type { Pool, PoolClient } from 'pg';
import type { DataSource } from 'typeorm';
import { createTestDatabase, type TestDatabase } from '@bulwark/testing';
import { StoreProjector } from '../projection/store-projector';
import { migratedStore } from '../test-support/migrated-store';
import type { RecordedEvent } from '../types';
import { PostgresEventStore, START } from './postgres-event-store';

/**
 * Commit order is by transaction id as a number. Transaction ids of different lengths (999 and
 * 1000, as every database reaches at each power of ten) once came back in text order, so a
 * reader that had read 1000's events never read 999's. Rows are written here with chosen,
 * long-finished transaction ids, as a busy cluster leaves them.
 */
describe('reading all events in commit order across transaction ids of different lengths', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  let pool: Pool;
  let store: PostgresEventStore;

  beforeAll(async () => {
    db = await createTestDatabase('read_all_order');
    ({ dataSource, pool, store } = await migratedStore(db.url));
    for (const [transactionId, streamId] of [
      ['1000', 'late-a'],
      ['999', 'early'],
      ['1000', 'late-b'],
      ['99', 'earliest'],
    ]) {
      await pool.query(
        `INSERT INTO events (transaction_id, event_id, stream_id, stream_version, type, data, metadata,
           occurred_at, prev_hash, hash)
         VALUES ($1::text::xid8, $2, $3, 1, 'Happened', '{}', '{"actor":"tester"}', now(), repeat('0', 64), repeat('a', 64))`,
        [transactionId, randomUUID(), streamId],
      );
    }
  });
  afterAll(async () => {
    await dataSource.destroy();
    await db.drop();
  });

  it('reads them by transaction id as a number, then position', async () => {
    const all = await store.readAll(START, 10);
    expect(all.map((e) => [e.transactionId, e.streamId])).toEqual([
      [99n, 'earliest'],
      [999n, 'early'],
      [1000n, 'late-a'],
      [1000n, 'late-b'],
    ]);
  });

  it('misses none when read a few at a time from each last position', async () => {
    const read: string[] = [];
    let after = START;
    for (;;) {
      const [next] = await store.readAll(after, 1);
      if (!next) break;
      read.push(next.streamId);
      after = { transactionId: next.transactionId, globalPosition: next.globalPosition };
    }
    expect(read).toEqual(['earliest', 'early', 'late-a', 'late-b']);
  });

  it('reads them in the same order when some kinds come back as positions only', async () => {
    const some = await store.readAllSkipping(START, 3, [{ type: 'Other', schemaVersion: 1 }]);
    expect(some.events.map((e) => e.streamId)).toEqual(['earliest', 'early', 'late-a']);
    const none = await store.readAllSkipping(START, 10, [{ type: 'Happened', schemaVersion: 1 }]);
    expect(none.events).toEqual([]);
    expect(none.count).toBe(4);
    const last = (await store.readAll(START, 10)).at(-1);
    expect(none.through).toEqual({
      transactionId: last?.transactionId,
      globalPosition: last?.globalPosition,
    });
    expect(last?.streamId).toBe('late-b');
  });

  it('has a projection caught up only once the highest transaction’s events are applied', async () => {
    const applied: string[] = [];
    const projector = new StoreProjector(
      pool,
      store,
      {
        name: 'order-probe',
        apply: async (events: RecordedEvent[], _tx: PoolClient) => {
          applied.push(...events.map((e) => e.streamId));
        },
      },
      { batchSize: 1 },
    );
    await projector.catchUp();
    expect(applied).toEqual(['earliest', 'early', 'late-a', 'late-b']);
  });
});
