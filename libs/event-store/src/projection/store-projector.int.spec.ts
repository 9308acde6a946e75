import type { Pool, PoolClient } from 'pg';
import type { DataSource } from 'typeorm';
import { createTestDatabase, type TestDatabase } from '@bulwark/testing';
import { loadCheckpoint } from '../store/checkpoints';
import type { PostgresEventStore } from '../store/postgres-event-store';
import { migratedStore } from '../test-support/migrated-store';
import type { RecordedEvent } from '../types';
import { StoreProjector, type StoreProjection } from './store-projector';

const metadata = { correlationId: 'c', causationId: null, actor: 'tester', commandId: null };

/**
 * A projection that writes one kind of event in SQL from the `events` rows (`inDatabase`) and
 * the rest through `apply`: `Counted` at schema version 2 in the database, `Counted` stored at
 * version 1 (upcast to 2 on reading) and `Noted` through `apply`.
 */
describe('a store projection written partly in the database (real PostgreSQL)', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  let pool: Pool;
  let store: PostgresEventStore;
  const seenByApply: string[] = [];
  let failProject = false;

  const projection: StoreProjection = {
    name: 'counted',
    apply: async (events: RecordedEvent[], tx: PoolClient) => {
      for (const e of events) {
        seenByApply.push(`${e.type}:${(e.data as { n: number }).n}`);
        await tx.query(`INSERT INTO counted (n, how) VALUES ($1, $2)`, [
          (e.data as { n: number }).n,
          e.type === 'Counted' ? `apply v${e.schemaVersion}` : 'note',
        ]);
      }
    },
    inDatabase: {
      kinds: [{ type: 'Counted', schemaVersion: 2 }],
      project: async (globalPositions: string[], tx: PoolClient) => {
        if (failProject) throw new Error('crashed in project');
        // No ON CONFLICT: an event written twice fails the test on the primary key.
        await tx.query(
          `INSERT INTO counted (n, how)
           SELECT (data->>'n')::int, 'in database' FROM events
            WHERE global_position = ANY ($1::bigint[])`,
          [globalPositions],
        );
      },
    },
  };

  const counted = async () =>
    (await pool.query<{ n: number; how: string }>(`SELECT n, how FROM counted ORDER BY n`)).rows;
  beforeAll(async () => {
    db = await createTestDatabase('projector_in_database');
    ({ dataSource, pool, store } = await migratedStore(db.url, {
      upcasters: [{ type: 'Counted', fromVersion: 1, upcast: (data) => data }],
    }));
    await pool.query(`CREATE TABLE counted (n integer PRIMARY KEY, how text NOT NULL)`);
  });
  afterAll(async () => {
    await dataSource.destroy();
    await db.drop();
  });

  it('writes each event once, by the database or by apply, and apply never sees the database’s kinds', async () => {
    // 1-3 in the database, 4 an old version, 5 a note, 6-9 in the database again: with batches
    // of two, one batch holds only events written in the database.
    let n = 0;
    for (const [type, version] of [
      ['Counted', 2],
      ['Counted', 2],
      ['Counted', 2],
      ['Counted', 1],
      ['Noted', 1],
      ['Counted', 2],
      ['Counted', 2],
      ['Counted', 2],
      ['Counted', 2],
    ] as const) {
      n += 1;
      await store.append(
        [
          {
            streamId: `s-${n}`,
            expectedVersion: 'no-stream',
            events: [{ type, data: { n }, schemaVersion: version }],
          },
        ],
        { metadata },
      );
    }
    const projector = new StoreProjector(pool, store, projection, { batchSize: 2 });
    await projector.catchUp();
    expect(await counted()).toEqual([
      { n: 1, how: 'in database' },
      { n: 2, how: 'in database' },
      { n: 3, how: 'in database' },
      { n: 4, how: 'apply v2' },
      { n: 5, how: 'note' },
      { n: 6, how: 'in database' },
      { n: 7, how: 'in database' },
      { n: 8, how: 'in database' },
      { n: 9, how: 'in database' },
    ]);
    expect(seenByApply).toEqual(['Counted:4', 'Noted:5']);
    const last = (await store.readAll({ transactionId: 0n, globalPosition: 0n }, 100)).at(-1)!;
    expect(await loadCheckpoint(pool, 'projection:counted')).toEqual({
      transactionId: last.transactionId,
      globalPosition: last.globalPosition,
    });
    // Caught up: another pass writes nothing (a second write would break the primary key).
    await projector.catchUp();
    expect((await counted()).length).toBe(9);
  });

  it('rolls back the batch’s apply and checkpoint when the database part fails, then writes it once', async () => {
    const before = await loadCheckpoint(pool, 'projection:counted');
    await store.append(
      [
        {
          streamId: 's-10',
          expectedVersion: 'no-stream',
          events: [
            { type: 'Noted', data: { n: 10 } },
            { type: 'Counted', data: { n: 11 }, schemaVersion: 2 },
          ],
        },
      ],
      { metadata },
    );
    const projector = new StoreProjector(pool, store, projection, { batchSize: 10 });
    failProject = true;
    await expect(projector.catchUp()).rejects.toThrow('crashed in project');
    expect((await counted()).map((r) => r.n)).not.toContain(10);
    expect(await loadCheckpoint(pool, 'projection:counted')).toEqual(before);
    failProject = false;
    await projector.catchUp();
    expect((await counted()).filter((r) => r.n >= 10)).toEqual([
      { n: 10, how: 'note' },
      { n: 11, how: 'in database' },
    ]);
  });
});
