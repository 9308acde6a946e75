import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { Client, Pool } from 'pg';
import { DataSource } from 'typeorm';
import { createTestDatabase, expectEventually, spawnScript, TestDatabase } from '@bulwark/testing';
import { runCommand } from '../command/run-command';
import { Rejection } from '@bulwark/decider';
import { verifyChains } from '../hash/verify-chains';
import { eventHash, GENESIS_HASH } from '../hash/event-hash';
import { migratedStore } from '../test-support/migrated-store';
import { ConcurrencyError } from './concurrency-error';
import { PostgresEventStore, START } from './postgres-event-store';
import type { EventMetadata, RecordedEvent } from '../types';

const metadata: EventMetadata = {
  correlationId: 'c-1',
  causationId: null,
  actor: 'tester',
  commandId: null,
};

describe('PostgresEventStore (real PostgreSQL)', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  let pool: Pool;
  let store: PostgresEventStore;

  beforeAll(async () => {
    db = await createTestDatabase('event_store');
    ({ dataSource, pool, store } = await migratedStore(db.url, {
      upcasters: [
        {
          type: 'Renamed',
          fromVersion: 1,
          upcast: (d) => ({ fullName: (d as { name: string }).name }),
        },
      ],
    }));
  });
  afterAll(async () => {
    await dataSource.destroy();
    await db.drop();
  });

  it('appends with versions, chains hashes per stream, and reads the stream back', async () => {
    const s = `s-${randomUUID()}`;
    await store.append(
      [{ streamId: s, expectedVersion: 'no-stream', events: [{ type: 'A', data: { n: 1 } }] }],
      { metadata },
    );
    await store.append(
      [
        {
          streamId: s,
          expectedVersion: 1,
          events: [
            { type: 'B', data: { n: 2 } },
            { type: 'C', data: {} },
          ],
        },
      ],
      { metadata },
    );
    const events = await store.readStream(s);
    expect(events.map((e) => [e.streamVersion, e.type])).toEqual([
      [1, 'A'],
      [2, 'B'],
      [3, 'C'],
    ]);
    const [a, b, c] = events;
    expect(a?.prevHash).toBe(GENESIS_HASH);
    expect(b?.prevHash).toBe(a?.hash);
    expect(c?.prevHash).toBe(b?.hash);
    expect(c?.metadata).toEqual(metadata);
  });

  it('refuses an append at the wrong expected version and writes nothing', async () => {
    const s = `s-${randomUUID()}`;
    await store.append(
      [{ streamId: s, expectedVersion: 'no-stream', events: [{ type: 'A', data: {} }] }],
      { metadata },
    );
    await expect(
      store.append(
        [{ streamId: s, expectedVersion: 'no-stream', events: [{ type: 'A', data: {} }] }],
        { metadata },
      ),
    ).rejects.toBeInstanceOf(ConcurrencyError);
    await expect(
      store.append([{ streamId: s, expectedVersion: 2, events: [{ type: 'A', data: {} }] }], {
        metadata,
      }),
    ).rejects.toBeInstanceOf(ConcurrencyError);
    expect(await store.readStream(s)).toHaveLength(1);
  });

  it('appends to several streams all or nothing', async () => {
    const a = `a-${randomUUID()}`;
    const b = `b-${randomUUID()}`;
    await store.append(
      [{ streamId: b, expectedVersion: 'no-stream', events: [{ type: 'X', data: {} }] }],
      { metadata },
    );
    await expect(
      store.append(
        [
          { streamId: a, expectedVersion: 'no-stream', events: [{ type: 'Y', data: {} }] },
          { streamId: b, expectedVersion: 'no-stream', events: [{ type: 'Y', data: {} }] },
        ],
        { metadata },
      ),
    ).rejects.toBeInstanceOf(ConcurrencyError);
    expect(await store.readStream(a)).toEqual([]);
    expect(await store.readStream(b)).toHaveLength(1);
  });

  it('two concurrent commands on one stream: one wins, the other is retried on fresh state; no version doubled', async () => {
    const s = `seat-${randomUUID()}`;
    const take = (who: string, maxAttempts: number) =>
      runCommand(
        store,
        { actor: who },
        async (uow) => {
          const taken = await uow.fold(s, 0, (n: number) => n + 1);
          if (taken >= 1) throw Rejection.conflict('seat', `seat already taken (${taken})`);
          uow.append(s, [{ type: 'SeatTaken', data: { by: who } }]);
          return who;
        },
        maxAttempts,
      );
    // Without retries, exactly one of 10 racing writers lands; the others see a conflict.
    const racing = await Promise.allSettled(Array.from({ length: 10 }, (_, i) => take(`w${i}`, 1)));
    const won = racing.filter((r) => r.status === 'fulfilled');
    expect(won).toHaveLength(1);
    for (const r of racing.filter((x) => x.status === 'rejected')) {
      expect((r as PromiseRejectedResult).reason).toBeInstanceOf(Rejection);
      expect(((r as PromiseRejectedResult).reason as Rejection).kind).toBe('conflict');
    }
    // With retries, every racing writer of a counter lands, each on its own version.
    const c = `counter-${randomUUID()}`;
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        runCommand(
          store,
          { actor: `w${i}` },
          async (uow) => {
            await uow.load(c);
            uow.append(c, [{ type: 'Incremented', data: { by: i } }]);
          },
          50,
        ),
      ),
    );
    const versions = (await store.readStream(c)).map((e) => e.streamVersion);
    expect(versions).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    const { rows } = await pool.query(
      'SELECT stream_version, count(*) FROM events WHERE stream_id = $1 GROUP BY 1 HAVING count(*) > 1',
      [c],
    );
    expect(rows).toEqual([]);
  });

  it('groups concurrent appends into shared commits without mixing their outcomes', async () => {
    const clash = `clash-${randomUUID()}`;
    await store.append(
      [{ streamId: clash, expectedVersion: 'no-stream', events: [{ type: 'A', data: {} }] }],
      { metadata },
    );
    const results = await Promise.allSettled([
      ...Array.from({ length: 60 }, (_, i) =>
        store.append(
          [
            {
              streamId: `g-${i}-${randomUUID()}`,
              expectedVersion: 'no-stream',
              events: [{ type: 'G', data: { i } }],
            },
          ],
          { metadata },
        ),
      ),
      store.append(
        [{ streamId: clash, expectedVersion: 'no-stream', events: [{ type: 'A', data: {} }] }],
        { metadata },
      ),
    ]);
    expect(results.slice(0, 60).every((r) => r.status === 'fulfilled')).toBe(true);
    expect(results[60]?.status).toBe('rejected');
    const txids = new Set(
      results.slice(0, 60).map((r) => {
        const o = (r as PromiseFulfilledResult<Awaited<ReturnType<PostgresEventStore['append']>>>)
          .value;
        return o.status === 'appended' ? o.events[0]?.transactionId : -1n;
      }),
    );
    expect(txids.size).toBeLessThan(60); // shared transactions: group commit happened
  });

  it('a repeated command id returns the first answer and appends nothing', async () => {
    const s = `cmd-${randomUUID()}`;
    const commandId = randomUUID();
    const run = (amount: number) =>
      runCommand(store, { actor: 'a', commandId }, async (uow) => {
        await uow.load(s);
        uow.append(s, [{ type: 'Paid', data: { amount } }]);
        return { amount };
      });
    const first = await run(10);
    const second = await run(99);
    expect(first).toMatchObject({ repeated: false, result: { amount: 10 } });
    expect(second).toMatchObject({ repeated: true, result: { amount: 10 } });
    expect(await store.readStream(s)).toHaveLength(1);
    // Concurrent repeats too: exactly one lands.
    const id2 = randomUUID();
    const s2 = `cmd-${randomUUID()}`;
    const outcomes = await Promise.all(
      Array.from({ length: 5 }, () =>
        runCommand(store, { actor: 'a', commandId: id2 }, async (uow) => {
          await uow.load(s2);
          uow.append(s2, [{ type: 'Paid', data: {} }]);
          return 'ok';
        }),
      ),
    );
    expect(outcomes.filter((o) => !o.repeated)).toHaveLength(1);
    expect(await store.readStream(s2)).toHaveLength(1);
  });

  it('never skips an event whose transaction commits after a later-numbered one', async () => {
    // Other suites' transactions share the cluster's xmin, so look only at this test's streams.
    const early = new Client({ connectionString: db.url });
    const late = new Client({ connectionString: db.url });
    const earlyStream = `early-stream-${randomUUID()}`;
    const lateStream = `late-stream-${randomUUID()}`;
    const ours = (events: RecordedEvent[]) =>
      events.filter((e) => e.streamId === earlyStream || e.streamId === lateStream);
    const cp = last(await readAllFrom(store, START)) ?? START;
    await early.connect();
    await late.connect();
    try {
      // `early` takes its transaction id first but writes last; `late` writes first.
      await early.query('BEGIN');
      await early.query('SELECT pg_current_xact_id()');
      await late.query('BEGIN');
      await late.query('SELECT pg_current_xact_id()');
      await appendRaw(late, lateStream, 'RawLate');
      await appendRaw(early, earlyStream, 'RawEarly'); // lower txid, higher position
      await late.query('COMMIT');
      // `late` committed, but `early` (an older transaction) still runs: neither is readable yet.
      // A reader trusting positions alone would take `late`'s event now and skip `early`'s later.
      expect(ours(await readAllFrom(store, cp))).toEqual([]);
      await early.query('COMMIT');
      // Readable once every older transaction in the cluster (other suites too) has ended.
      const seen = await expectEventually(async () => {
        const found = ours(await readAllFrom(store, cp));
        expect(found.map((e) => e.type)).toEqual(['RawEarly', 'RawLate']);
        return found;
      });
      const [earlyEvent, lateEvent] = seen;
      expect(earlyEvent?.globalPosition).toBeGreaterThan(lateEvent?.globalPosition ?? Infinity);
      // Checkpointing after each event and resuming reads each exactly once.
      const oneByOne: RecordedEvent[] = [];
      let at = cp;
      for (;;) {
        const [next] = await store.readAll(at, 1);
        if (!next) break;
        oneByOne.push(next);
        at = { transactionId: next.transactionId, globalPosition: next.globalPosition };
      }
      expect(ours(oneByOne).map((e) => e.eventId)).toEqual(seen.map((e) => e.eventId));
    } finally {
      await early.end();
      await late.end();
    }
  });

  it('detects a tampered event, pointing at it with stored and computed hashes', async () => {
    const s = `tamper-${randomUUID()}`;
    await store.append(
      [
        {
          streamId: s,
          expectedVersion: 'no-stream',
          events: [1, 2, 3].map((n) => ({ type: 'T', data: { n } })),
        },
      ],
      { metadata },
    );
    expect((await verifyChains(pool, [s])).firstBroken).toBeNull();
    const victim = (await store.readStream(s))[1];
    if (!victim) throw new Error('the stream lost its second event');
    await pool.query(`UPDATE events SET data = '{"n": 20}' WHERE event_id = $1`, [victim.eventId]);
    const report = await verifyChains(pool, [s]);
    expect(report.firstBroken).toMatchObject({
      streamId: s,
      streamVersion: 2,
      eventId: victim.eventId,
      reason: 'hash-mismatch',
      storedHash: victim.hash,
    });
    expect(report.firstBroken!.computedHash).not.toBe(victim.hash);
    const whole = await verifyChains(pool);
    expect(whole.firstBroken?.eventId).toBe(victim.eventId);
    await pool.query(`DELETE FROM events WHERE stream_id = $1`, [s]);
  });

  it('upcasts old schema versions on read, keeping the stored form', async () => {
    const s = `up-${randomUUID()}`;
    await store.append(
      [
        {
          streamId: s,
          expectedVersion: 'no-stream',
          events: [{ type: 'Renamed', schemaVersion: 1, data: { name: 'Li Hua' } }],
        },
      ],
      { metadata },
    );
    const [e] = await store.readStream(s);
    expect(e).toMatchObject({ schemaVersion: 2, data: { fullName: 'Li Hua' } });
    const { rows } = await pool.query(
      'SELECT schema_version, data FROM events WHERE stream_id = $1',
      [s],
    );
    expect(rows[0]).toEqual({ schema_version: 1, data: { name: 'Li Hua' } });
    expect((await verifyChains(pool, [s])).firstBroken).toBeNull();
  });

  describe('a crash while appending', () => {
    const script = resolve(__dirname, '../test-support/append-once.ts');

    it.each(['store.before-append', 'store.after-commit'])(
      'killed at %s, the retried command lands exactly once',
      async (point) => {
        const commandId = randomUUID();
        await pool.query(`DELETE FROM events WHERE stream_id = 'ledger-1'`);
        const crashed = spawnScript(script, {
          DATABASE_URL: db.url,
          COMMAND_ID: commandId,
          BULWARK_CRASH_AT: point,
        });
        expect(await crashed.exited).toBe(137);
        const committed = await store.readStream('ledger-1');
        expect(committed).toHaveLength(point === 'store.after-commit' ? 1 : 0);
        const retry = spawnScript(script, {
          DATABASE_URL: db.url,
          COMMAND_ID: commandId,
          BULWARK_CRASH_AT: '',
        });
        expect(await retry.exited).toBe(0);
        expect(JSON.parse(retry.output().trim().split('\n').pop()!)).toEqual({
          repeated: point === 'store.after-commit',
          result: { credited: 5 },
        });
        expect(await store.readStream('ledger-1')).toHaveLength(1);
      },
      60_000,
    );
  });
});

async function readAllFrom(
  store: PostgresEventStore,
  from: { transactionId: bigint; globalPosition: bigint },
) {
  const out: RecordedEvent[] = [];
  let at = from;
  for (;;) {
    const batch = await store.readAll(at, 1000);
    const end = last(batch);
    if (!end) return out;
    out.push(...batch);
    at = end;
  }
}

function last(events: RecordedEvent[]) {
  const e = events[events.length - 1];
  return e && { transactionId: e.transactionId, globalPosition: e.globalPosition };
}

async function appendRaw(client: Client, streamId: string, type: string): Promise<void> {
  const hashFields = {
    eventId: randomUUID(),
    streamId,
    streamVersion: 1,
    type,
    schemaVersion: 1,
    data: {},
    metadata,
    occurredAt: new Date(),
  };
  await client.query('SELECT bulwark_append_batch($1::jsonb)', [
    JSON.stringify([
      {
        commandId: null,
        streams: [
          {
            streamId,
            expected: 'no-stream',
            prevHash: GENESIS_HASH,
            events: [
              {
                event_id: hashFields.eventId,
                stream_version: 1,
                type,
                schema_version: 1,
                data: {},
                metadata,
                occurred_at: hashFields.occurredAt.toISOString(),
                prev_hash: GENESIS_HASH,
                hash: eventHash(GENESIS_HASH, hashFields),
              },
            ],
          },
        ],
      },
    ]),
  ]);
}
