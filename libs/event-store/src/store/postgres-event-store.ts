import type { Pool, PoolClient } from 'pg';
import { newEventId } from './event-id';
import { canonicalAndStoredJson } from '../hash/canonical-json';
import { eventHashOfJson, GENESIS_HASH } from '../hash/event-hash';
import type {
  AppendOptions,
  AppendOutcome,
  Checkpoint,
  EventKind,
  ExpectedVersion,
  RecordedEvent,
  StreamAppend,
} from '../types';
import { crashPoint } from '../crash-point';
import { ConcurrencyError } from './concurrency-error';
import { EVENT_COLUMNS, EVENT_COLUMNS_OF_E, EventRow, toRecordedEvent } from './row';
import { Upcaster, Upcasters } from './upcasters';
import {
  readStreamsFromSnapshots,
  saveSnapshots,
  type SnapshotRead,
  type StreamSnapshot,
} from '../snapshot/stream-snapshots';

/** The last event of a stream, as a writer saw it when it read the stream. */
export interface StreamHead {
  version: number;
  hash: string;
}

export interface EventStoreOptions {
  upcasters?: Upcaster[];
  /** Appends sent to PostgreSQL in one statement at most (group commit). */
  maxBatch?: number;
  /** Batches in flight at once; more writers than this wait and ride the next batch. */
  maxInFlight?: number;
  /** Told of every committed event, e.g. to count them or wake an in-process reader. */
  onAppended?: (events: RecordedEvent[]) => void;
}

type BatchResult =
  | { status: 'appended'; positions: string[][]; transactionId: string }
  | { status: 'conflict'; streamId: string; expected: ExpectedVersion; actual: number | null }
  | { status: 'duplicate-command'; result: unknown };

interface PendingAppend {
  /** The append's part of the batch, as JSON text. */
  payload: string;
  resolve(result: BatchResult): void;
  reject(error: unknown): void;
}

/** JSON text of a value JSON.stringify writes; 'null' where it writes nothing. */
const json = (value: unknown): string => (JSON.stringify(value) as string | undefined) ?? 'null';

export const START: Checkpoint = { transactionId: 0n, globalPosition: 0n };

const checkpointOfEvent = (e: RecordedEvent): Checkpoint => ({
  transactionId: e.transactionId,
  globalPosition: e.globalPosition,
});

/** How often a batch is sent that PostgreSQL rolled back whole (deadlock, serialization). */
const BATCH_ATTEMPTS = 5;
const isRetryable = (error: unknown): boolean =>
  ['40P01', '40001'].includes((error as { code?: string } | null)?.code ?? '');

/**
 * The event store of one service database. Appends from concurrent writers are grouped
 * into one statement (one round trip, one commit) without giving up per-append atomicity
 * or optimistic concurrency; readers see committed events in commit order.
 */
export class PostgresEventStore {
  private readonly upcasters: Upcasters;
  private readonly maxBatch: number;
  private readonly maxInFlight: number;
  private readonly queue: PendingAppend[] = [];
  private inFlight = 0;
  private pumpScheduled = false;

  constructor(
    readonly pool: Pool,
    private readonly options: EventStoreOptions = {},
  ) {
    this.upcasters = new Upcasters(options.upcasters);
    this.maxBatch = options.maxBatch ?? 256;
    this.maxInFlight = options.maxInFlight ?? 2;
  }

  /**
   * Appends events to one or more streams atomically: all of them or none. Throws
   * ConcurrencyError when a stream is not at its expected version. `heads` are the stream
   * heads the caller already read (saves a round trip); other heads are read here.
   */
  async append(
    appends: StreamAppend[],
    options: AppendOptions,
    heads: Map<string, StreamHead> = new Map(),
  ): Promise<AppendOutcome> {
    const occurredAt = options.occurredAt ?? new Date();
    const missing = appends
      .filter((a) => a.expectedVersion !== 'no-stream' && !heads.has(a.streamId))
      .map((a) => a.streamId);
    const known = missing.length ? new Map([...heads, ...(await this.heads(missing))]) : heads;

    const recorded: RecordedEvent[] = [];
    // The batch payload is written here as text, once: each event's data is serialized once
    // for both its hash and its row, metadata and time once per append.
    const metadata = canonicalAndStoredJson(options.metadata);
    const occurredAtJson = JSON.stringify(occurredAt.toISOString());
    const shared = { metadata: metadata.canonical, occurredAt: occurredAtJson };
    const streamsJson: string[] = [];
    for (const a of appends) {
      const head = a.expectedVersion === 'no-stream' ? undefined : known.get(a.streamId);
      if (typeof a.expectedVersion === 'number' && head?.version !== a.expectedVersion) {
        throw new ConcurrencyError(a.streamId, a.expectedVersion, head?.version ?? null);
      }
      if (a.events.length === 0) continue;
      const prevHash = head?.hash ?? GENESIS_HASH;
      let hash = prevHash;
      let version = head?.version ?? 0;
      const rowsJson = a.events.map((e) => {
        version += 1;
        const event: RecordedEvent = {
          globalPosition: 0n,
          transactionId: 0n,
          eventId: e.eventId ?? newEventId(),
          streamId: a.streamId,
          streamVersion: version,
          type: e.type,
          schemaVersion: e.schemaVersion ?? 1,
          data: e.data,
          metadata: options.metadata,
          occurredAt,
          prevHash: hash,
          hash: '',
        };
        const data = canonicalAndStoredJson(e.data);
        event.hash = eventHashOfJson(hash, event, { ...shared, data: data.canonical });
        hash = event.hash;
        recorded.push(event);
        // What JSON.stringify of the row object wrote: a member whose value it leaves out
        // (undefined data, say) is left out here too, so PostgreSQL refuses the same rows.
        return (
          `{"event_id":${json(event.eventId)},"stream_version":${version}` +
          `,"type":${json(event.type)},"schema_version":${json(event.schemaVersion)}` +
          (data.stored === undefined ? '' : `,"data":${data.stored}`) +
          (metadata.stored === undefined ? '' : `,"metadata":${metadata.stored}`) +
          `,"occurred_at":${occurredAtJson},"prev_hash":${json(event.prevHash)}` +
          `,"hash":${json(event.hash)}}`
        );
      });
      streamsJson.push(
        `{"streamId":${json(a.streamId)},"expected":${json(a.expectedVersion)}` +
          `,"prevHash":${json(prevHash)},"events":[${rowsJson.join(',')}]}`,
      );
    }

    const commandId = options.commandId ?? null;
    const result = await this.enqueue(
      // The result is kept only under a command id.
      `{"commandId":${json(commandId)},"result":${commandId === null ? 'null' : json(options.result ?? null)}` +
        `,"streams":[${streamsJson.join(',')}]}`,
    );
    if (result.status === 'conflict') {
      throw new ConcurrencyError(result.streamId, result.expected, result.actual);
    }
    if (result.status === 'duplicate-command') return result;

    const positions = result.positions.flat();
    const transactionId = BigInt(result.transactionId);
    recorded.forEach((e, i) => {
      const position = positions[i];
      if (position === undefined) throw new Error(`append of ${e.streamId}: no position returned`);
      e.globalPosition = BigInt(position);
      e.transactionId = transactionId;
    });
    this.options.onAppended?.(recorded);
    const summary = appends
      .filter((a) => a.events.length > 0)
      .map((a) => {
        const mine = recorded.filter((e) => e.streamId === a.streamId);
        const [first] = mine;
        const last = mine.at(-1);
        if (!first || !last) throw new Error(`append of ${a.streamId}: no event recorded`);
        return {
          streamId: a.streamId,
          fromVersion: first.streamVersion,
          toVersion: last.streamVersion,
        };
      });
    return { status: 'appended', streams: summary, events: recorded };
  }

  /** The stored result of a command already carried out, if any. */
  async commandResult(commandId: string): Promise<{ found: boolean; result: unknown }> {
    const { rows } = await this.pool.query<{ result: unknown }>(
      'SELECT result FROM command_results WHERE command_id = $1',
      [commandId],
    );
    const [row] = rows;
    return row ? { found: true, result: row.result } : { found: false, result: null };
  }

  async readStream(streamId: string): Promise<RecordedEvent[]> {
    return (await this.readStreams([streamId])).get(streamId) ?? [];
  }

  /** Several streams in one round trip; absent streams map to []. */
  async readStreams(streamIds: string[]): Promise<Map<string, RecordedEvent[]>> {
    const out = new Map<string, RecordedEvent[]>(streamIds.map((id) => [id, []]));
    if (streamIds.length === 0) return out;
    const { rows } = await this.pool.query<EventRow>(
      `SELECT ${EVENT_COLUMNS} FROM events WHERE stream_id = ANY($1) ORDER BY stream_id, stream_version`,
      [streamIds],
    );
    for (const row of rows)
      out.get(row.stream_id)!.push(this.upcasters.apply(toRecordedEvent(row)));
    return out;
  }

  /** Several streams in one round trip, each from its snapshot of `kind` on (see StreamSnapshot). */
  readStreamsFrom(kind: string, streamIds: string[]): Promise<Map<string, SnapshotRead>> {
    return readStreamsFromSnapshots(this.pool, this.upcasters, kind, streamIds);
  }

  saveSnapshots(snapshots: StreamSnapshot[]): Promise<void> {
    return saveSnapshots(this.pool, snapshots);
  }

  async heads(streamIds: string[]): Promise<Map<string, StreamHead>> {
    const { rows } = await this.pool.query<{
      stream_id: string;
      stream_version: number;
      hash: string;
    }>(
      `SELECT DISTINCT ON (stream_id) stream_id, stream_version, hash FROM events
        WHERE stream_id = ANY($1) ORDER BY stream_id, stream_version DESC`,
      [streamIds],
    );
    return new Map(rows.map((r) => [r.stream_id, { version: r.stream_version, hash: r.hash }]));
  }

  /**
   * Committed events after `after`, in commit order. Only transactions older than every
   * transaction still running are read, so an event that commits late is never skipped:
   * it is read on a later call instead.
   */
  async readAll(
    after: Checkpoint,
    limit: number,
    client: Pool | PoolClient = this.pool,
  ): Promise<RecordedEvent[]> {
    const { rows } = await client.query<EventRow>(
      `SELECT ${EVENT_COLUMNS} FROM events
        WHERE (transaction_id, global_position) > ($1::text::xid8, $2::bigint)
          AND transaction_id < pg_snapshot_xmin(pg_current_snapshot())
        -- events.: the bare name would be the text column selected above, and text order puts
        -- transaction 1000 before 999 (an event of 999 read after 1000's was never read again)
        ORDER BY events.transaction_id, events.global_position
        LIMIT $3`,
      [after.transactionId.toString(), after.globalPosition.toString(), limit],
    );
    return rows.map((r) => this.upcasters.apply(toRecordedEvent(r)));
  }

  /**
   * `readAll`, except that events of the kinds in `skip` (a type at one schema version) come
   * back as their global positions only (`skipped`): a projection writes those in SQL straight
   * from the `events` rows, so their data is never sent, parsed or upcast here. `events` are
   * the others; `through` is the last event read, skipped or not (where the batch ends).
   */
  async readAllSkipping(
    after: Checkpoint,
    limit: number,
    skip: readonly EventKind[],
    client: Pool | PoolClient = this.pool,
  ): Promise<{
    events: RecordedEvent[];
    skipped: string[];
    through: Checkpoint | null;
    count: number;
  }> {
    if (skip.length === 0) {
      const events = await this.readAll(after, limit, client);
      const last = events[events.length - 1];
      const through = last ? checkpointOfEvent(last) : null;
      return { events, skipped: [], through, count: events.length };
    }
    const { rows } = await client.query<
      { skipped: boolean; at_position: string; at_transaction: string } & EventRow
    >({
      name: 'bulwark_read_all_skipping',
      text: `WITH batch AS (
           SELECT global_position AS at_position, transaction_id AS at_transaction,
                  (type || '@' || schema_version) = ANY ($4::text[]) AS skipped
             FROM events
            WHERE (transaction_id, global_position) > ($1::text::xid8, $2::bigint)
              AND transaction_id < pg_snapshot_xmin(pg_current_snapshot())
            ORDER BY transaction_id, global_position
            LIMIT $3)
         SELECT b.skipped, b.at_position, b.at_transaction::text AS at_transaction, ${EVENT_COLUMNS_OF_E}
           FROM batch b LEFT JOIN events e ON e.global_position = b.at_position AND NOT b.skipped
          -- b.: the xid8 column, not the text selected under the same name (see readAll)
          ORDER BY b.at_transaction, b.at_position`,
      values: [
        after.transactionId.toString(),
        after.globalPosition.toString(),
        limit,
        skip.map((k) => `${k.type}@${k.schemaVersion}`),
      ],
    });
    const events: RecordedEvent[] = [];
    const skipped: string[] = [];
    for (const row of rows) {
      if (row.skipped) skipped.push(row.at_position);
      else events.push(this.upcasters.apply(toRecordedEvent(row)));
    }
    const last = rows[rows.length - 1];
    return {
      events,
      skipped,
      through: last
        ? { transactionId: BigInt(last.at_transaction), globalPosition: BigInt(last.at_position) }
        : null,
      count: rows.length,
    };
  }

  private enqueue(payload: string): Promise<BatchResult> {
    return new Promise<BatchResult>((resolve, reject) => {
      this.queue.push({ payload, resolve, reject });
      this.schedulePump();
    });
  }

  /**
   * Sends batches on the next turn of the event loop, not at once: writers woken by the same
   * batch result (or by one burst of requests) run their continuations as microtasks first,
   * so they ride one batch together instead of the first of them going alone.
   */
  private schedulePump(): void {
    if (this.pumpScheduled) return;
    this.pumpScheduled = true;
    setImmediate(() => {
      this.pumpScheduled = false;
      this.pump();
    });
  }

  private pump(): void {
    while (this.inFlight < this.maxInFlight && this.queue.length > 0) {
      const batch = this.queue.splice(0, this.maxBatch);
      this.inFlight += 1;
      void this.flush(batch).finally(() => {
        this.inFlight -= 1;
        this.schedulePump();
      });
    }
  }

  private async flush(batch: PendingAppend[]): Promise<void> {
    const payload = `[${batch.map((p) => p.payload).join(',')}]`;
    try {
      for (let attempt = 1; ; attempt += 1) {
        try {
          crashPoint('store.before-append');
          const { rows } = await this.pool.query<{ results: BatchResult[] }>(
            'SELECT bulwark_append_batch($1::jsonb) AS results',
            [payload],
          );
          crashPoint('store.after-commit');
          const results = rows[0]?.results ?? [];
          batch.forEach((p, i) => {
            const result = results[i];
            if (result) p.resolve(result);
            else p.reject(new Error('bulwark_append_batch returned no outcome for an append'));
          });
          return;
        } catch (error) {
          // A batch that lost a deadlock to another writer's batch was rolled back whole:
          // nothing of it landed, so it is sent again rather than failing every writer in it.
          if (!isRetryable(error) || attempt >= BATCH_ATTEMPTS) throw error;
          await new Promise((resolve) => setTimeout(resolve, Math.random() * 5 * attempt));
        }
      }
    } catch (error) {
      for (const p of batch) p.reject(error);
    }
  }
}
