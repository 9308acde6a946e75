import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import type { DataSource } from 'typeorm';
import { createTestDatabase, TestDatabase } from '@bulwark/testing';
import { runCommand } from '../command/run-command';
import type { SnapshotForm } from '../command/unit-of-work';
import { verifyChains } from '../hash/verify-chains';
import { migratedStore } from '../test-support/migrated-store';
import { ConcurrencyError } from '../store/concurrency-error';
import type { PostgresEventStore } from '../store/postgres-event-store';
import type { EventMetadata, RecordedEvent } from '../types';

const metadata: EventMetadata = {
  correlationId: 'c-1',
  causationId: null,
  actor: 'tester',
  commandId: null,
};

/** A running total: the state a snapshot holds. */
const total: SnapshotForm<number> = { kind: 'total/v1', restore: (s) => (s as { n: number }).n };
const add = (n: number, e: RecordedEvent) => n + (e.data as { n: number }).n;

describe('stream snapshots (real PostgreSQL)', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  let pool: Pool;
  let store: PostgresEventStore;

  beforeAll(async () => {
    db = await createTestDatabase('snapshots');
    ({ dataSource, pool, store } = await migratedStore(db.url, {
      upcasters: [{ type: 'Old', fromVersion: 1, upcast: (d) => ({ n: (d as { v: number }).v }) }],
    }));
  });
  afterAll(async () => {
    await dataSource.destroy();
    await db.drop();
  });

  /** A stream of `count` events adding 1, 2, 3, …; returns its events. */
  async function streamOf(count: number): Promise<{ id: string; events: RecordedEvent[] }> {
    const id = `total-${randomUUID()}`;
    await store.append(
      [
        {
          streamId: id,
          expectedVersion: 'no-stream',
          events: Array.from({ length: count }, (_, i) => ({ type: 'Added', data: { n: i + 1 } })),
        },
      ],
      { metadata },
    );
    return { id, events: await store.readStream(id) };
  }

  const snapshotAt = (id: string, events: RecordedEvent[], version: number, kind = total.kind) => {
    const head = events[version - 1];
    if (!head) throw new Error(`no event at version ${version}`);
    return {
      streamId: id,
      kind,
      version,
      headHash: head.hash,
      state: { n: events.slice(0, version).reduce(add, 0) },
    };
  };

  it('reads a stream without a snapshot whole, and one with a snapshot from after it', async () => {
    const plain = await streamOf(3);
    const snapped = await streamOf(10);
    await store.saveSnapshots([snapshotAt(snapped.id, snapped.events, 7)]);
    const reads = await store.readStreamsFrom(total.kind, [plain.id, snapped.id, 'no-such']);
    expect(reads.get(plain.id)).toEqual({ snapshot: null, events: plain.events });
    const read = reads.get(snapped.id)!;
    expect(read.snapshot).toMatchObject({ version: 7, state: { n: 28 } });
    expect(read.events.map((e) => e.streamVersion)).toEqual([8, 9, 10]);
    expect(reads.get('no-such')).toEqual({ snapshot: null, events: [] });
  });

  it('reads a snapshot at the stream head with no events after it', async () => {
    const s = await streamOf(4);
    await store.saveSnapshots([snapshotAt(s.id, s.events, 4)]);
    const read = (await store.readStreamsFrom(total.kind, [s.id])).get(s.id)!;
    expect(read.snapshot?.version).toBe(4);
    expect(read.events).toEqual([]);
  });

  it('ignores a snapshot of another kind', async () => {
    const s = await streamOf(5);
    await store.saveSnapshots([snapshotAt(s.id, s.events, 3, 'total/v0')]);
    const read = (await store.readStreamsFrom(total.kind, [s.id])).get(s.id)!;
    expect(read).toEqual({ snapshot: null, events: s.events });
  });

  it('never moves a snapshot back to an earlier version', async () => {
    const s = await streamOf(9);
    await store.saveSnapshots([snapshotAt(s.id, s.events, 6)]);
    await store.saveSnapshots([snapshotAt(s.id, s.events, 4)]);
    await store.saveSnapshots([snapshotAt(s.id, s.events, 5), snapshotAt(s.id, s.events, 8)]);
    const { rows } = await pool.query(
      'SELECT stream_version FROM stream_snapshots WHERE stream_id = $1',
      [s.id],
    );
    expect(rows).toEqual([{ stream_version: 8 }]);
  });

  it('upcasts the events read after a snapshot', async () => {
    const s = await streamOf(2);
    await store.saveSnapshots([snapshotAt(s.id, s.events, 2)]);
    await store.append(
      [{ streamId: s.id, expectedVersion: 2, events: [{ type: 'Old', data: { v: 40 } }] }],
      { metadata },
    );
    const read = (await store.readStreamsFrom(total.kind, [s.id])).get(s.id)!;
    expect(read.events.map((e) => [e.type, e.schemaVersion, e.data])).toEqual([
      ['Old', 2, { n: 40 }],
    ]);
  });

  it('a command on a snapshot read folds the same state, appends at the true version and chains to the true head', async () => {
    const s = await streamOf(6);
    await store.saveSnapshots([snapshotAt(s.id, s.events, 4)]);
    const read = (await store.readStreamsFrom(total.kind, [s.id])).get(s.id)!;
    let seen = -1;
    const outcome = await runCommand(store, { actor: 'tester' }, async (uow) => {
      uow.preloadFrom(s.id, read);
      seen = await uow.fold(s.id, 0, add, total);
      uow.append(s.id, [{ type: 'Added', data: { n: 100 } }]);
    });
    expect(seen).toBe(21); // 1 + … + 6, four of them from the snapshot
    expect(outcome.events[0]).toMatchObject({ streamVersion: 7, prevHash: s.events[5]?.hash });
    expect((await verifyChains(pool, [s.id])).firstBroken).toBeNull();
  });

  it('a write between the snapshot read and the append is a conflict; the retry reads the stream whole', async () => {
    const s = await streamOf(5);
    await store.saveSnapshots([snapshotAt(s.id, s.events, 5)]);
    const read = (await store.readStreamsFrom(total.kind, [s.id])).get(s.id)!;
    // Another writer appends after our read.
    await store.append(
      [{ streamId: s.id, expectedVersion: 5, events: [{ type: 'Added', data: { n: 6 } }] }],
      { metadata },
    );
    const states: number[] = [];
    let attempt = 0;
    await runCommand(store, { actor: 'tester' }, async (uow) => {
      if (attempt++ === 0) uow.preloadFrom(s.id, read);
      states.push(await uow.fold(s.id, 0, add, total));
      uow.append(s.id, [{ type: 'Added', data: { n: 7 } }]);
    });
    expect(states).toEqual([15, 21]); // the stale decision never landed
    const versions = (await store.readStream(s.id)).map((e) => e.streamVersion);
    expect(versions).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it('a snapshot whose head hash is wrong makes the append a conflict, never a broken chain', async () => {
    const s = await streamOf(3);
    const wrong = { ...snapshotAt(s.id, s.events, 3), headHash: 'f'.repeat(64) };
    await expect(
      store.append(
        [{ streamId: s.id, expectedVersion: 3, events: [{ type: 'Added', data: { n: 4 } }] }],
        { metadata },
        new Map([[s.id, { version: 3, hash: wrong.headHash }]]),
      ),
    ).rejects.toBeInstanceOf(ConcurrencyError);
    expect(await store.readStream(s.id)).toHaveLength(3);
  });

  it('a stream read from a snapshot must be folded with its kind', async () => {
    const s = await streamOf(2);
    await store.saveSnapshots([snapshotAt(s.id, s.events, 2)]);
    const read = (await store.readStreamsFrom(total.kind, [s.id])).get(s.id)!;
    await expect(
      runCommand(store, { actor: 'tester' }, async (uow) => {
        uow.preloadFrom(s.id, read);
        await uow.fold(s.id, 0, add);
      }),
    ).rejects.toThrow(/snapshot of kind total\/v1/);
  });
});
