import type { SnapshotRead, StreamSnapshot } from '../snapshot/stream-snapshots';
import type { StreamHead } from '../store/postgres-event-store';
import type { NewEvent } from '@bulwark/decider';
import type { RecordedEvent } from '../types';

/** How a fold takes up a snapshot: its kind, and the state from its JSON. */
export interface SnapshotForm<S> {
  kind: string;
  restore(state: unknown): S;
}

/**
 * What one attempt of a command reads and writes. Streams are loaded once per attempt; every
 * append is checked against the version that was read, so a decision made on stale state
 * never lands.
 */
export class UnitOfWork {
  readonly loaded = new Map<string, RecordedEvent[]>();
  readonly pending = new Map<string, NewEvent[]>();
  /** Streams read from a snapshot: `loaded` holds only the events after it. */
  private readonly snapshots = new Map<string, StreamSnapshot>();

  constructor(
    private readonly read: (streamIds: string[]) => Promise<Map<string, RecordedEvent[]>>,
    /** The first attempt of a command may take a stream it expects to be new as empty unread. */
    private readonly optimistic = false,
  ) {}

  /**
   * For a stream the command expects to be new (enrolling a student): on the first attempt it
   * is taken as empty without a read, and an append to it expects no stream at all. If it does
   * exist, that append fails as a conflict and the retry reads the stream for real, so the
   * decision never rests on the assumption. Saves the read on the common path.
   */
  async assumeNew(...streamIds: string[]): Promise<void> {
    if (!this.optimistic) return this.load(...streamIds);
    for (const id of streamIds) if (!this.loaded.has(id)) this.loaded.set(id, []);
  }

  /** Reads streams not yet read in this attempt, all in one round trip. */
  async load(...streamIds: string[]): Promise<void> {
    const missing = [...new Set(streamIds)].filter((id) => !this.loaded.has(id));
    if (missing.length === 0) return;
    for (const [id, events] of await this.read(missing)) this.loaded.set(id, events);
  }

  /**
   * Takes a stream's history read by the caller (e.g. many commands' streams in one batched
   * read) as this attempt's read of it. Appends are still checked against its last version,
   * so a history that went stale before the append fails it and the command is retried,
   * reading afresh. A stream already read in this attempt keeps its first read.
   */
  preload(streamId: string, events: RecordedEvent[]): void {
    if (this.loaded.has(streamId)) return;
    for (const [i, e] of events.entries()) {
      if (e.streamId !== streamId || e.streamVersion !== i + 1) {
        throw new Error(`preload of ${streamId}: not the stream's history in order from version 1`);
      }
    }
    this.loaded.set(streamId, events);
  }

  /**
   * Like `preload`, for a stream read from its snapshot (`PostgresEventStore.readStreamsFrom`):
   * the snapshot and the events after it. Appends are checked against the last of those, as
   * with a whole history.
   */
  preloadFrom(streamId: string, read: SnapshotRead): void {
    const { snapshot, events } = read;
    if (!snapshot) return this.preload(streamId, events);
    if (this.loaded.has(streamId)) return;
    for (const [i, e] of events.entries()) {
      if (e.streamId !== streamId || e.streamVersion !== snapshot.version + i + 1) {
        throw new Error(`preload of ${streamId}: not the events right after its snapshot`);
      }
    }
    this.snapshots.set(streamId, snapshot);
    this.loaded.set(streamId, events);
  }

  /**
   * The stream folded with `evolve` from `initial`, or from its snapshot when it was read from
   * one (`snapshot` says how to restore it; a stream read from a snapshot must be folded so).
   */
  async fold<S>(
    streamId: string,
    initial: S,
    evolve: (state: S, event: RecordedEvent) => S,
    snapshot?: SnapshotForm<S>,
  ): Promise<S> {
    await this.load(streamId);
    const taken = this.snapshots.get(streamId);
    let state = initial;
    if (taken) {
      if (taken.kind !== snapshot?.kind) {
        throw new Error(`${streamId} was read from a snapshot of kind ${taken.kind}`);
      }
      state = snapshot.restore(taken.state);
    }
    return this.loaded.get(streamId)!.reduce(evolve, state);
  }

  /** The stream's whole history as loaded; load first. Not for a stream read from a snapshot. */
  history(streamId: string): RecordedEvent[] {
    const events = this.loaded.get(streamId);
    if (!events) throw new Error(`stream ${streamId} was not loaded in this unit of work`);
    if (this.snapshots.has(streamId)) {
      throw new Error(
        `stream ${streamId} was read from a snapshot: only the events after it are here`,
      );
    }
    return events;
  }

  /** The stream's last version and hash as read (null: no stream); load first. */
  head(streamId: string): StreamHead | null {
    const events = this.loaded.get(streamId);
    if (!events) throw new Error(`stream ${streamId} was not loaded in this unit of work`);
    const last = events.at(-1);
    if (last) return { version: last.streamVersion, hash: last.hash };
    const snapshot = this.snapshots.get(streamId);
    return snapshot ? { version: snapshot.version, hash: snapshot.headHash } : null;
  }

  append(streamId: string, events: NewEvent[]): void {
    if (events.length === 0) return;
    if (!this.loaded.has(streamId))
      throw new Error(`append to ${streamId} without reading it first`);
    this.pending.set(streamId, [...(this.pending.get(streamId) ?? []), ...events]);
  }
}
