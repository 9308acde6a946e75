import {
  AdvisoryLease,
  Checkpoint,
  compareCheckpoints,
  crashPoint,
  loadCheckpoint,
  PostgresEventStore,
  RecordedEvent,
  saveCheckpoint,
  START,
} from '@bulwark/event-store';
import type { JetStreamClient, JetStreamManager, PubAck } from '@nats-io/jetstream';
import { headers } from '@nats-io/transport-node';
import { toCloudEvent } from '../envelope/cloud-event';
import { Namespace, streamOf, subjectOf } from '../streams/namespace';

/** Header carrying an event's commit-order position: `<transaction id>:<global position>`. */
export const POSITION_HEADER = 'Bulwark-Position';

export interface EventRelayOptions {
  store: PostgresEventStore;
  js: JetStreamClient;
  jsm: JetStreamManager;
  ns: Namespace;
  context: string;
  batchSize?: number;
  pollMs?: number;
  onPublished?: (count: number, checkpoint: Checkpoint) => void;
  onError?: (error: unknown) => void;
}

const CHECKPOINT = 'relay';

/**
 * The outbox relay: publishes committed events to the context's JetStream stream in commit
 * order, exactly once. One relay per database is active (advisory lease). Each message must
 * land right after the one before it (expected last sequence), so the stream never has a gap
 * and never holds a copy; on start the relay takes its position from the stream's last
 * message, so a crash between publish and checkpoint repeats nothing.
 */
export class EventRelay {
  private readonly lease: AdvisoryLease;
  private running = false;
  private loop: Promise<void> | null = null;
  private wakeUp: (() => void) | null = null;
  private position: { checkpoint: Checkpoint; lastSequence: number } | null = null;
  readonly stream: string;

  constructor(private readonly o: EventRelayOptions) {
    this.lease = new AdvisoryLease(o.store.pool, `relay:${o.context}`);
    this.stream = streamOf(o.ns, o.context);
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
    await this.lease.release();
  }

  wake(): void {
    this.wakeUp?.();
  }

  /** Events committed but not yet published, for the relay-lag metric. */
  async lag(): Promise<number> {
    const cp = await loadCheckpoint(this.o.store.pool, CHECKPOINT);
    const { rows } = await this.o.store.pool.query<{ n: string }>(
      `SELECT count(*) AS n FROM events WHERE (transaction_id, global_position) > ($1::text::xid8, $2::bigint)`,
      [cp.transactionId.toString(), cp.globalPosition.toString()],
    );
    return Number(rows[0].n);
  }

  /** One pass: publishes up to a batch; returns how many were published (0 if not leader). */
  async publishBatch(): Promise<number> {
    if (!(await this.lease.tryAcquire())) return 0;
    if (!this.position) this.position = await this.reconcile();
    const { checkpoint, lastSequence } = this.position;
    const events = await this.o.store.readAll(checkpoint, this.o.batchSize ?? 1000);
    if (events.length === 0) return 0;
    try {
      await this.publish(events, lastSequence);
    } catch (error) {
      // Some of the batch may have landed: ask the stream where we are before going on.
      this.position = null;
      throw error;
    }
    const last = events[events.length - 1];
    const next = { transactionId: last.transactionId, globalPosition: last.globalPosition };
    crashPoint('relay.before-checkpoint');
    await saveCheckpoint(this.o.store.pool, CHECKPOINT, next);
    this.position = { checkpoint: next, lastSequence: lastSequence + events.length };
    this.o.onPublished?.(events.length, next);
    return events.length;
  }

  private async publish(events: RecordedEvent[], lastSequence: number): Promise<void> {
    const acks: Promise<PubAck>[] = [];
    const half = Math.floor(events.length / 2);
    events.forEach((event, i) => {
      const h = headers();
      h.set(POSITION_HEADER, `${event.transactionId}:${event.globalPosition}`);
      acks.push(
        this.o.js.publish(
          subjectOf(this.o.ns, this.o.context, event.type),
          JSON.stringify(toCloudEvent(this.o.context, event)),
          {
            msgID: event.eventId,
            headers: h,
            expect: { lastSequence: lastSequence + i, streamName: this.stream },
          },
        ),
      );
      if (i === half) crashPoint('relay.mid-batch');
    });
    const settled = await Promise.allSettled(acks);
    const failed = settled.find((s) => s.status === 'rejected');
    if (failed) throw (failed as PromiseRejectedResult).reason;
    settled.forEach((s, i) => {
      const ack = (s as PromiseFulfilledResult<PubAck>).value;
      if (ack.duplicate || ack.seq !== lastSequence + i + 1) {
        throw new Error(
          `relay out of step at ${events[i].eventId}: stream seq ${ack.seq}, dup ${ack.duplicate}`,
        );
      }
    });
  }

  /**
   * Our position, taken from the stream itself: right after its last message, or the very
   * start when the stream is empty (new, or lost with a JetStream node: PostgreSQL is the
   * system of record and everything is published again). The PostgreSQL checkpoint follows.
   */
  private async reconcile(): Promise<{ checkpoint: Checkpoint; lastSequence: number }> {
    const info = await this.o.jsm.streams.info(this.stream);
    const lastSequence = info.state.last_seq;
    let checkpoint = START;
    if (lastSequence > 0) {
      const last = await this.o.jsm.streams.getMessage(this.stream, { seq: lastSequence });
      const position = last?.header.get(POSITION_HEADER);
      if (!position)
        throw new Error(`stream ${this.stream} seq ${lastSequence} has no ${POSITION_HEADER}`);
      const [tx, pos] = position.split(':');
      checkpoint = { transactionId: BigInt(tx), globalPosition: BigInt(pos) };
    }
    const stored = await loadCheckpoint(this.o.store.pool, CHECKPOINT);
    if (compareCheckpoints(checkpoint, stored) !== 0) {
      await saveCheckpoint(this.o.store.pool, CHECKPOINT, checkpoint);
    }
    return { checkpoint, lastSequence };
  }

  private async run(): Promise<void> {
    const batchSize = this.o.batchSize ?? 1000;
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
