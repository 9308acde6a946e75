import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { DataSource } from 'typeorm';
import { createTestDatabase, TestDatabase } from '@bulwark/testing';
import { runCommand } from '../command/run-command';
import { GENESIS_HASH } from '../hash/event-hash';
import { verifyChains } from '../hash/verify-chains';
import { migratedStore } from '../test-support/migrated-store';
import { PostgresEventStore } from './postgres-event-store';

/*
 * The batch function behind group commit decides many independent appends in one statement.
 * These tests call it with hand-made batches, so each case is certain to share one batch, and
 * check that every append gets its own outcome: the set-based path, and the one-by-one path it
 * hands over to (a stream or command twice in a batch, or a concurrent writer).
 */
type Outcome =
  | { status: 'appended'; positions: string[][]; transactionId: string }
  | { status: 'conflict'; streamId: string; expected: unknown; actual: number | null }
  | { status: 'duplicate-command'; result: unknown };

const metadata = { correlationId: 'c', causationId: null, actor: 'tester', commandId: null };
const hashOf = (n: number) => n.toString(16).padStart(64, '0');

/** One stream's part of an append: `count` events from `from`, chained on fake hashes. */
function streamPart(streamId: string, expected: unknown, from: number, count = 1) {
  const events = Array.from({ length: count }, (_, i) => ({
    event_id: randomUUID(),
    stream_version: from + i,
    type: 'Happened',
    schema_version: 1,
    data: { n: from + i },
    metadata,
    occurred_at: new Date().toISOString(),
    prev_hash: from + i === 1 ? GENESIS_HASH : hashOf(from + i - 1),
    hash: hashOf(from + i),
  }));
  return { streamId, expected, prevHash: from === 1 ? GENESIS_HASH : hashOf(from - 1), events };
}

const newStream = (): string => `s-${randomUUID()}`;

describe('bulwark_append_batch: one outcome per append (real PostgreSQL)', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  let pool: Pool;
  let store: PostgresEventStore;
  /** Runs one batch; also says whether it was handed to the one-by-one function. */
  const decide = async (batch: unknown[]): Promise<{ outcomes: Outcome[]; oneByOne: boolean }> => {
    const client = await pool.connect();
    try {
      await client.query(`SET track_functions = 'pl'`);
      await client.query('BEGIN');
      const { rows } = await client.query<{ r: Outcome[] }>(
        'SELECT bulwark_append_batch($1::jsonb) AS r',
        [JSON.stringify(batch)],
      );
      const each = await client.query(
        `SELECT 1 FROM pg_stat_xact_user_functions WHERE funcname = 'bulwark_append_each'`,
      );
      await client.query('COMMIT');
      return { outcomes: rows[0]?.r ?? [], oneByOne: each.rows.length > 0 };
    } finally {
      await client.query('RESET track_functions');
      client.release();
    }
  };
  const call = async (batch: unknown[]): Promise<Outcome[]> => (await decide(batch)).outcomes;
  const versions = async (streamId: string) =>
    (
      await pool.query<{ v: number }>(
        'SELECT stream_version AS v FROM events WHERE stream_id = $1 ORDER BY 1',
        [streamId],
      )
    ).rows.map((r) => r.v);

  beforeAll(async () => {
    db = await createTestDatabase('append_batch');
    ({ dataSource, pool, store } = await migratedStore(db.url));
  });
  afterAll(async () => {
    await dataSource.destroy();
    await db.drop();
  });

  it('lands the good appends of a batch and fails each bad one alone, writing none of it', async () => {
    const [existing, extended] = [newStream(), newStream()];
    const repeated = randomUUID();
    await call([
      {
        commandId: repeated,
        result: { first: true },
        streams: [streamPart(existing, 'no-stream', 1)],
      },
      { commandId: null, streams: [streamPart(extended, 'no-stream', 1)] },
    ]);
    const [fresh, multiGood, multiBad, again] = [
      newStream(),
      newStream(),
      newStream(),
      newStream(),
    ];
    const { outcomes, oneByOne } = await decide([
      { commandId: null, streams: [streamPart(fresh, 'no-stream', 1, 2)] },
      // Two streams, the second at the wrong version: neither is written.
      {
        commandId: randomUUID(),
        result: 'multi',
        streams: [streamPart(multiGood, 'no-stream', 1), streamPart(existing, 5, 6)],
      },
      {
        commandId: repeated,
        result: { first: false },
        streams: [streamPart(multiBad, 'no-stream', 1)],
      },
      { commandId: null, streams: [streamPart(extended, 1, 2)] },
      { commandId: null, streams: [streamPart(again, 'any', 1)] },
    ]);
    expect(oneByOne).toBe(false);
    expect(outcomes.map((o) => o.status)).toEqual([
      'appended',
      'conflict',
      'duplicate-command',
      'appended',
      'appended',
    ]);
    expect(outcomes[1]).toMatchObject({ streamId: existing, expected: 5, actual: 1 });
    expect(outcomes[2]).toEqual({ status: 'duplicate-command', result: { first: true } });
    const appended = outcomes[0] as Extract<Outcome, { status: 'appended' }>;
    expect(appended.positions).toHaveLength(1);
    expect(appended.positions[0]).toHaveLength(2);
    const [positions] = appended.positions;
    expect(Number(positions?.[1])).toBeGreaterThan(Number(positions?.[0]));
    // All appended outcomes share the batch's one transaction.
    expect(
      new Set(outcomes.flatMap((o) => (o.status === 'appended' ? [o.transactionId] : []))),
    ).toHaveProperty('size', 1);
    expect(await versions(fresh)).toEqual([1, 2]);
    expect(await versions(multiGood)).toEqual([]);
    expect(await versions(multiBad)).toEqual([]);
    expect(await versions(existing)).toEqual([1]);
    expect(await versions(extended)).toEqual([1, 2]);
    expect(await versions(again)).toEqual([1]);
    const { rows } = await pool.query('SELECT 1 FROM command_results WHERE result = $1', [
      JSON.stringify('multi'),
    ]);
    expect(rows).toEqual([]); // the failed append's command is not recorded either
  });

  it('answers a repeated command whose stream now exists as a repeat, once', async () => {
    // An idempotent retry that raced its first attempt: both the command id and the stream
    // are taken. One outcome for it (the first answer), so the next writer gets its own.
    const [s, next] = [newStream(), newStream()];
    const commandId = randomUUID();
    await call([{ commandId, result: 'first', streams: [streamPart(s, 'no-stream', 1)] }]);
    const { outcomes, oneByOne } = await decide([
      { commandId, result: 'second', streams: [streamPart(s, 'no-stream', 1)] },
      { commandId: null, streams: [streamPart(next, 'no-stream', 1)] },
    ]);
    expect(oneByOne).toBe(false);
    expect(outcomes).toHaveLength(2);
    expect(outcomes[0]).toEqual({ status: 'duplicate-command', result: 'first' });
    expect(outcomes[1]).toMatchObject({ status: 'appended' });
    expect(await versions(s)).toEqual([1]);
    expect(await versions(next)).toEqual([1]);
  });

  it('refuses a head whose hash is not the one the writer chained on', async () => {
    const s = `s-${randomUUID()}`;
    await call([{ commandId: null, streams: [streamPart(s, 'no-stream', 1)] }]);
    const forged = { ...streamPart(s, 1, 2), prevHash: hashOf(99) };
    const [outcome] = await call([{ commandId: null, streams: [forged] }]);
    expect(outcome).toMatchObject({ status: 'conflict', streamId: s, actual: 1 });
    expect(await versions(s)).toEqual([1]);
  });

  it('decides one by one when a stream or a command id comes twice in one batch', async () => {
    const s = `s-${randomUUID()}`;
    const commandId = randomUUID();
    const { outcomes, oneByOne } = await decide([
      { commandId: null, streams: [streamPart(s, 'no-stream', 1)] },
      { commandId: null, streams: [streamPart(s, 'no-stream', 1)] },
      { commandId, result: 1, streams: [streamPart(`t-${randomUUID()}`, 'no-stream', 1)] },
      { commandId, result: 2, streams: [streamPart(`t-${randomUUID()}`, 'no-stream', 1)] },
    ]);
    expect(outcomes.map((o) => o.status)).toEqual([
      'appended',
      'conflict',
      'appended',
      'duplicate-command',
    ]);
    expect(oneByOne).toBe(true);
    expect(outcomes[3]).toEqual({ status: 'duplicate-command', result: 1 });
    expect(await versions(s)).toEqual([1]);
  });

  it('two replicas racing on the same streams: no version doubled, none lost', async () => {
    // A second store on its own pool is a second replica: its batches race this store's, so
    // set-based attempts hit heads written after their read and fall back to one by one.
    const replica = new PostgresEventStore(new Pool({ connectionString: db.url, max: 4 }));
    try {
      const counters = Array.from({ length: 5 }, () => `counter-${randomUUID()}`);
      const increment = (on: PostgresEventStore, i: number) =>
        runCommand(
          on,
          { actor: `w${i}` },
          async (uow) => {
            const counter = counters[i % counters.length] ?? 'no counter';
            await uow.load(counter);
            uow.append(counter, [{ type: 'Incremented', data: { i } }]);
          },
          100,
        );
      await Promise.all(
        Array.from({ length: 100 }, (_, i) => increment(i % 2 === 0 ? store : replica, i)),
      );
      for (const c of counters) {
        expect(await versions(c)).toEqual(Array.from({ length: 20 }, (_, v) => v + 1));
      }
      expect((await verifyChains(pool, counters)).firstBroken).toBeNull();
    } finally {
      await replica.pool.end();
    }
  });
});
