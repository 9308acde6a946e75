import { AdvisoryLease } from '@bulwark/event-store';
import { contextWildcard, ensureContextStream, Namespace, streamOf } from '@bulwark/messaging';
import {
  AckPolicy,
  ConsumerMessages,
  DeliverPolicy,
  jetstream,
  JetStreamClient,
  JetStreamManager,
  jetstreamManager,
  JsMsg,
} from '@nats-io/jetstream';
import { nanos, type NatsConnection } from '@nats-io/transport-node';
import type { Pool } from 'pg';
import { AppendSummary, LogAppender } from './log-appender';
import { ArrivedMessage, PreparedMessages, prepareMessages } from './prepared-messages';
import { ViewVersions } from '../replay/view-versions';

export interface IngestionOptions {
  pool: Pool;
  nc: NatsConnection;
  ns: Namespace;
  /** The contexts whose streams feed the log (configuration: AUDIT_CONTEXTS). */
  contexts: string[];
  /** Names the durable consumers: `<consumer>-<context>`. */
  consumer?: string;
  /** Messages per ingest transaction at most. */
  batchSize?: number;
  streamReplicas?: number;
  /** Waits between tries after a failure, and between tries for the ingest lease. */
  retryMs?: number;
  onBatch?: (context: string, summary: AppendSummary) => void;
  onError?: (context: string, error: unknown) => void;
}

export interface ContextStatus {
  context: string;
  /** The stream sequence the log holds up to. */
  streamSeq: number;
  /** Messages in the stream not yet in the log (at the last look). */
  behind: number | null;
  lastError: string | null;
  halted: string | null;
}

/**
 * Messages off a context's stream, in arrival order, waiting to be appended together. Of the
 * client's message objects only the one to ack (the highest stream sequence) is kept: a batch
 * waits long enough for the garbage collector to copy what it holds, and each holds several
 * more objects than what is read of it.
 */
interface Batch {
  messages: ArrivedMessage[];
  last: JsMsg;
}

/** The stream jumped past what the log holds: start over from the log's own checkpoint. */
class OutOfStep extends Error {}

/**
 * Feeds the audit log from every configured context's stream. One ingester is active per
 * audit database (advisory lease): the global chain needs one strict order. Per context, a
 * durable pull consumer (ack-all); messages are taken in stream order, a batch at a time,
 * appended in one transaction and acked after its commit (one ack, the batch's last). PostgreSQL holds the truth of
 * where ingestion is (the stream sequence per context, written with the log rows): on start
 * each consumer is recreated from there, so a crash anywhere loses nothing, and a redelivery
 * (at or below the checkpoint) changes nothing.
 */
export class Ingestion {
  private readonly lease: AdvisoryLease;
  private readonly appender: LogAppender;
  private readonly status = new Map<string, ContextStatus>();
  private readonly iterators = new Set<ConsumerMessages>();
  private running = false;
  private supervisor: Promise<void> | null = null;
  private readonly sleepers = new Set<() => void>();
  private js: JetStreamClient | null = null;
  private jsm: JetStreamManager | null = null;

  constructor(private readonly o: IngestionOptions) {
    this.lease = new AdvisoryLease(o.pool, 'audit-ingest');
    this.appender = new LogAppender(o.pool);
    for (const context of o.contexts)
      this.status.set(context, {
        context,
        streamSeq: 0,
        behind: null,
        lastError: null,
        halted: null,
      });
  }

  get active(): boolean {
    return this.lease.held;
  }

  get contexts(): ContextStatus[] {
    return [...this.status.values()].map((s) => ({ ...s }));
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.supervisor = this.supervise();
  }

  async stop(): Promise<void> {
    this.running = false;
    for (const wake of this.sleepers) wake();
    for (const it of this.iterators) it.stop();
    await this.supervisor;
    await this.lease.release();
  }

  private async supervise(): Promise<void> {
    while (this.running) {
      try {
        if (!(await this.lease.tryAcquire())) {
          await this.sleep(this.o.retryMs ?? 2000);
          continue;
        }
        this.js = jetstream(this.o.nc);
        this.jsm = await jetstreamManager(this.o.nc);
        await new ViewVersions(this.o.pool).ensureLive('audit-ingest');
        await Promise.all(this.o.contexts.map((c) => this.runContext(c)));
      } catch (error) {
        this.o.onError?.('*', error);
        await this.sleep(this.o.retryMs ?? 2000);
      }
    }
  }

  /** Runs one context's consumer until stopped; starts over from the checkpoint on any failure. */
  private async runContext(context: string): Promise<void> {
    const state = this.status.get(context)!;
    while (this.running && this.lease.held && !state.halted) {
      try {
        await this.consume(context, state);
        state.lastError = null;
      } catch (error) {
        state.lastError = (error as Error).message ?? String(error);
        if (!(error instanceof OutOfStep)) this.o.onError?.(context, error);
        if (this.running)
          await this.sleep(error instanceof OutOfStep ? 0 : (this.o.retryMs ?? 2000));
      }
    }
  }

  private async consume(context: string, state: ContextStatus): Promise<void> {
    const { ns } = this.o;
    const stream = await ensureContextStream(this.jsm!, ns, context, {
      replicas: this.o.streamReplicas ?? 1,
    });
    this.appender.forget();
    let checkpoint = await this.checkpoint(context);
    const info = await this.jsm!.streams.info(stream);
    if (info.state.last_seq < checkpoint) {
      state.halted =
        `stream ${stream} ends at sequence ${info.state.last_seq} but the audit log holds it up to ` +
        `${checkpoint}: the stream was recreated; ingestion of ${context} is halted (see README)`;
      throw new Error(state.halted);
    }
    state.streamSeq = checkpoint;
    state.behind = info.state.last_seq - checkpoint;
    const name = `${this.o.consumer ?? 'audit'}-${context}`;
    const batchSize = this.o.batchSize ?? 5000;
    await this.jsm!.consumers.delete(stream, name).catch(() => undefined);
    await this.jsm!.consumers.add(stream, {
      durable_name: name,
      // Messages are appended strictly in stream order, so acking the last of a batch acks it whole.
      ack_policy: AckPolicy.All,
      deliver_policy: DeliverPolicy.StartSequence,
      opt_start_seq: checkpoint + 1,
      filter_subject: contextWildcard(ns, context),
      max_deliver: 20,
      ack_wait: nanos(120_000),
      max_ack_pending: batchSize * 4,
    });
    const consumer = await this.js!.consumers.get(streamOf(ns, context), name);
    // Messages are taken off the consumer as they come, and appended in batches of whatever
    // arrived meanwhile (up to batchSize): one transaction per batch under load, one per
    // message when quiet. The consumer's max_ack_pending bounds what waits here. Only the
    // newest batch grows; it is closed when full or when taken.
    const arrived: Batch[] = [];
    const waiting: { wake: (() => void) | null } = { wake: null };
    let ended = false;
    // A callback, not the iterator: a message arrives with no promise made for it.
    const take = (msg: JsMsg) => {
      let open = arrived[arrived.length - 1];
      if (!open || open.messages.length >= batchSize) {
        open = { messages: [], last: msg };
        arrived.push(open);
      }
      open.messages.push({ streamSeq: msg.seq, data: msg.data });
      if (msg.seq > open.last.seq) open.last = msg;
      waiting.wake?.();
    };
    const messages = await consumer.consume({
      max_messages: Math.max(batchSize, 256),
      callback: take,
    });
    this.iterators.add(messages);
    const pump = messages.closed().finally(() => {
      ended = true;
      waiting.wake?.();
    });
    // One transaction in flight per context; the next batch is read and hashed meanwhile.
    let inFlight: { last: JsMsg; appended: Promise<AppendSummary | null> } | null = null;
    const settle = async () => {
      if (!inFlight) return;
      const { last, appended } = inFlight;
      inFlight = null;
      const summary = await appended;
      // Ack-all: one ack of the batch's highest stream sequence acks everything up to it
      // (the log now holds it all), instead of one ack per message.
      last.ack();
      if (summary) {
        checkpoint = summary.streamSeq;
        state.streamSeq = checkpoint;
        state.behind = Math.max(0, last.info.pending);
        this.o.onBatch?.(context, summary);
      }
      if (!this.lease.held) throw new Error('lost the ingest lease');
    };
    let expected = checkpoint + 1;
    try {
      while (this.running) {
        if (arrived.length === 0) {
          if (inFlight) {
            await settle();
            continue;
          }
          if (ended) break;
          await new Promise<void>((resolve) => (waiting.wake = resolve));
          waiting.wake = null;
          continue;
        }
        const { messages: batch, last } = arrived.shift()!;
        const fresh: ArrivedMessage[] = [];
        for (const msg of batch) {
          if (msg.streamSeq < expected) continue; // a redelivery of what the log already holds
          if (msg.streamSeq > expected) {
            // Something in between was not delivered (yet): never skip it, start over from the log.
            throw new OutOfStep(
              `${context}: got stream sequence ${msg.streamSeq}, expected ${expected}`,
            );
          }
          fresh.push(msg);
          expected += 1;
        }
        const prepared = await this.prepare(context, fresh);
        // Linked now, while the batch before it is written, on the guess that it commits.
        const linked = this.appender.link(context, prepared);
        await settle();
        let writing: () => void = () => undefined;
        const rowsOnTheirWay = new Promise<void>((resolve) => (writing = resolve));
        inFlight = {
          last,
          appended:
            prepared.length > 0
              ? this.appender.append(context, prepared, writing, linked)
              : Promise.resolve(null),
        };
        // A failed append is seen by settle(); until then it must not count as unhandled.
        inFlight.appended.catch(() => undefined);
        // The next batch is prepared while this one's rows are written, not before: reading and
        // hashing it would otherwise hold up the round trips that start the transaction.
        await Promise.race([rowsOnTheirWay, inFlight.appended.catch(() => undefined)]);
      }
      await settle();
    } finally {
      this.iterators.delete(messages);
      messages.stop();
      // Let a transaction still in flight end before anyone reads the checkpoint again.
      await (inFlight as { appended: Promise<unknown> } | null)?.appended.catch(() => undefined);
      await pump.catch(() => undefined);
    }
  }

  /**
   * Reads and hashes a batch in slices, giving the event loop back between them so the
   * transaction in flight keeps moving (its round trips need the loop) while this runs.
   */
  private async prepare(context: string, batch: ArrivedMessage[]): Promise<PreparedMessages[]> {
    const out: PreparedMessages[] = [];
    for (let i = 0; i < batch.length; i += 100) {
      out.push(prepareMessages(context, batch.slice(i, i + 100)));
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    return out;
  }

  private async checkpoint(context: string): Promise<number> {
    const { rows } = await this.o.pool.query<{ stream_seq: string }>(
      'SELECT stream_seq FROM audit_ingest_checkpoints WHERE context = $1',
      [context],
    );
    return Number(rows[0]?.stream_seq ?? 0);
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.sleepers.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      this.sleepers.add(wake);
    });
  }
}
