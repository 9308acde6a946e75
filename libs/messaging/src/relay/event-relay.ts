import {
  AdvisoryLease,
  Checkpoint,
  compareCheckpoints,
  loadCheckpoint,
  PostgresEventStore,
  saveCheckpoint,
  START,
} from '@bulwark/event-store';
import { crashPoint } from '@bulwark/event-store/crash-point';
import type { JetStreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { Namespace, streamOf, subjectOf } from '../streams/namespace';
import { checkpointOf, RelayReader, RelayRow } from './relay-read';
import { StreamPublisher } from './stream-publisher';

/** Header carrying an event's commit-order position: `<transaction id>:<global position>`. */
export const POSITION_HEADER = 'Bulwark-Position';

export interface EventRelayOptions {
  store: PostgresEventStore;
  /**
   * The relay publishes through the connection itself (`StreamPublisher`: a batch as one run
   * of core publishes, one ack for the run), not one `js.publish` request per event.
   */
  nc: NatsConnection;
  jsm: JetStreamManager;
  ns: Namespace;
  context: string;
  /**
   * Event types that never leave the service (the contract's `privateEventTypes`): never read,
   * so never published; the run and its expectations chain only the public events.
   */
  privateTypes?: readonly string[];
  batchSize?: number;
  pollMs?: number;
  onPublished?: (count: number, checkpoint: Checkpoint) => void;
  onError?: (error: unknown) => void;
}

const CHECKPOINT = 'relay';

/** Where the relay stands: the last event in the stream, and that event's stream sequence. */
interface Position {
  checkpoint: Checkpoint;
  lastSequence: number;
}

/** A batch sent to the stream; `acked` resolves once the stream holds all of it. */
interface SentBatch {
  count: number;
  end: Position;
  acked: Promise<void>;
}

/** Batches in flight at once: the next one is sent while the ack of the one before comes back. */
const IN_FLIGHT = 2;
const CHECKPOINT_EVERY_MS = 1000;

/**
 * The outbox relay: publishes committed events to the context's JetStream stream in commit
 * order, exactly once. One relay per database is active (advisory lease). Each message must
 * land right after the one before it (`StreamPublisher`), so the stream never has a gap
 * and never holds a copy; on start the relay takes its position from the stream's last
 * message, so a crash between publish and checkpoint repeats nothing.
 */
export class EventRelay {
  private readonly lease: AdvisoryLease;
  private running = false;
  private loop: Promise<void> | null = null;
  private wakeUp: (() => void) | null = null;
  /** Published and acked: what the checkpoint vouches for. */
  private position: Position | null = null;
  /** Sent, ack outstanding, oldest first; each one continues where the one before ends. */
  private inFlight: SentBatch[] = [];
  /** The next batch, read while the previous one's ack was outstanding. */
  private prefetched: { after: Checkpoint; events: Promise<RelayRow[]> } | null = null;
  /** Published and acked, but not yet in the PostgreSQL checkpoint. */
  private unsaved: Checkpoint | null = null;
  private savedAt = 0;
  private readonly batchSize: number;
  private readonly reader: RelayReader;
  private readonly subjects = new Map<string, string>();
  private readonly publisher: StreamPublisher;
  readonly stream: string;

  constructor(private readonly o: EventRelayOptions) {
    this.lease = new AdvisoryLease(o.store.pool, `relay:${o.context}`);
    this.stream = streamOf(o.ns, o.context);
    this.batchSize = o.batchSize ?? 1000;
    this.reader = new RelayReader(o.store, o.context, o.privateTypes);
    this.publisher = new StreamPublisher(o.nc, this.stream);
  }

  get active(): boolean {
    return this.lease.held;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wakeUp?.();
    await this.loop;
    await this.settle();
    await this.prefetched?.events.catch(() => undefined);
    this.prefetched = null;
    if (this.unsaved && this.lease.held) {
      await saveCheckpoint(this.o.store.pool, CHECKPOINT, this.unsaved).catch((error: unknown) =>
        this.o.onError?.(error),
      );
    }
    this.publisher.close();
    await this.lease.release();
  }

  wake(): void {
    this.wakeUp?.();
  }

  /** Events committed but not yet published (private ones never are), for the relay-lag metric. */
  async lag(): Promise<number> {
    const cp = await loadCheckpoint(this.o.store.pool, CHECKPOINT);
    const { rows } = await this.o.store.pool.query<{ n: string }>(
      `SELECT count(*) AS n FROM events
        WHERE (transaction_id, global_position) > ($1::text::xid8, $2::bigint)
          AND NOT (type = ANY($3::text[]))`,
      [cp.transactionId.toString(), cp.globalPosition.toString(), this.o.privateTypes ?? []],
    );
    return Number(rows[0]?.n ?? 0);
  }

  /**
   * One pass: publishes up to a batch; returns how many were published (0 if not leader).
   * While there is a backlog, the pass also sends the following batch before it awaits the
   * ack of this one, so the stream always has work; that batch is counted by the next pass.
   */
  async publishBatch(): Promise<number> {
    if (!(await this.lease.tryAcquire())) {
      await this.settle();
      this.position = null;
      this.prefetched = null;
      return 0;
    }
    if (!this.position) {
      this.prefetched = null;
      this.position = await this.reconcile();
    }
    let done: SentBatch | undefined;
    try {
      while (this.inFlight.length < IN_FLIGHT) {
        const from = this.inFlight.at(-1)?.end ?? this.position;
        const events = await this.read(from.checkpoint);
        if (events.length === 0) break;
        this.inFlight.push(this.send(events, from));
        if (events.length < this.batchSize) break;
      }
      done = this.inFlight[0];
      if (!done) return 0;
      await done.acked;
      this.inFlight.shift();
    } catch (error) {
      // Some of it may have landed: once nothing is in flight, ask the stream where we are.
      await this.settle();
      this.position = null;
      this.prefetched = null;
      throw error;
    }
    await this.checkpoint(done.end.checkpoint, this.inFlight.length === 0);
    this.position = done.end;
    this.o.onPublished?.(done.count, done.end.checkpoint);
    return done.count;
  }

  /** Waits until every message sent has landed or failed, and forgets them. */
  private async settle(): Promise<void> {
    const inFlight = this.inFlight;
    this.inFlight = [];
    await Promise.allSettled(inFlight.map((b) => b.acked));
  }

  /**
   * Saves the PostgreSQL checkpoint. It feeds only the lag metric and the operators' view: the
   * position itself always comes from the stream (`reconcile`). So while the relay works off a
   * backlog it saves at most once a second, and always once it has caught up.
   */
  private async checkpoint(next: Checkpoint, caughtUp: boolean): Promise<void> {
    this.unsaved = next;
    const now = Date.now();
    if (!caughtUp && now - this.savedAt < CHECKPOINT_EVERY_MS) return;
    crashPoint('relay.before-checkpoint');
    await saveCheckpoint(this.o.store.pool, CHECKPOINT, next);
    this.unsaved = null;
    this.savedAt = now;
  }

  /**
   * The batch after `after`: the one read ahead if it starts there and is not empty (an empty
   * read-ahead may be stale by now), else a fresh read.
   */
  private async read(after: Checkpoint): Promise<RelayRow[]> {
    const ahead = this.prefetched;
    this.prefetched = null;
    if (ahead && compareCheckpoints(ahead.after, after) === 0) {
      const events = await ahead.events;
      if (events.length > 0) return events;
    }
    return this.reader.read(after, this.batchSize);
  }

  private prefetch(after: Checkpoint): void {
    const events = this.reader.read(after, this.batchSize);
    // Awaited by the next pass, or dropped; a failure surfaces there or not at all.
    events.catch(() => undefined);
    this.prefetched = { after, events };
  }

  /**
   * Sends a whole batch as one run (each message lands right after the one before it, the first
   * right after `from`), and reads the next batch while the ack comes back when this one is full.
   */
  private send(events: RelayRow[], from: Position): SentBatch {
    const half = Math.floor(events.length / 2);
    const { sent, landed, failure } = this.publisher.publish(
      events.map((event) => ({
        subject: this.subjectOf(event.type),
        data: event.envelope,
        msgId: event.eventId,
        headers: { [POSITION_HEADER]: event.position },
      })),
      from.lastSequence,
      (i) => {
        if (i === half) crashPoint('relay.mid-batch');
      },
    );
    const last = events.at(-1);
    if (!last) throw new Error('relay: an empty batch is never sent');
    const end: Position = {
      checkpoint: checkpointOf(last.position),
      lastSequence: from.lastSequence + events.length,
    };
    if (sent === events.length && events.length === this.batchSize) this.prefetch(end.checkpoint);
    const acked = landed.then(() => {
      if (failure) throw failure;
    });
    // Awaited in its turn; until then a failure must not count as unhandled.
    acked.catch(() => undefined);
    return { count: events.length, end, acked };
  }

  private subjectOf(eventType: string): string {
    let subject = this.subjects.get(eventType);
    if (subject === undefined) {
      subject = subjectOf(this.o.ns, this.o.context, eventType);
      this.subjects.set(eventType, subject);
    }
    return subject;
  }

  /**
   * Our position, taken from the stream itself: right after its last message, or the very
   * start when the stream is empty (new, or lost with a JetStream node: PostgreSQL is the
   * system of record and everything is published again). The PostgreSQL checkpoint follows.
   */
  private async reconcile(): Promise<Position> {
    const info = await this.o.jsm.streams.info(this.stream);
    const lastSequence = info.state.last_seq;
    let checkpoint = START;
    if (lastSequence > 0) {
      const last = await this.o.jsm.streams.getMessage(this.stream, { seq: lastSequence });
      const position = last?.header.get(POSITION_HEADER);
      if (!position)
        throw new Error(`stream ${this.stream} seq ${lastSequence} has no ${POSITION_HEADER}`);
      checkpoint = checkpointOf(position);
    }
    const stored = await loadCheckpoint(this.o.store.pool, CHECKPOINT);
    if (compareCheckpoints(checkpoint, stored) !== 0) {
      await saveCheckpoint(this.o.store.pool, CHECKPOINT, checkpoint);
    }
    return { checkpoint, lastSequence };
  }

  private async run(): Promise<void> {
    const batchSize = this.batchSize;
    while (this.running) {
      let published = 0;
      try {
        published = await this.publishBatch();
      } catch (error) {
        this.o.onError?.(error);
      }
      if (published < batchSize && this.running) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, this.active ? (this.o.pollMs ?? 100) : 1000);
          this.wakeUp = () => {
            clearTimeout(timer);
            resolve();
          };
        });
      }
    }
  }
}
