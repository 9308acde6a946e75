import {
  AckPolicy,
  ConsumerMessages,
  DeliverPolicy,
  jetstream,
  JetStreamClient,
  jetstreamManager,
  JsMsg,
} from '@nats-io/jetstream';
import { connect, headers, nanos, NatsConnection } from '@nats-io/transport-node';
import { CustomTransportStrategy, Server } from '@nestjs/microservices';
import { lastValueFrom } from 'rxjs';
import { parseCloudEvent } from '../envelope/cloud-event';
import { ensureContextStream, ensureDeadLetterStream } from '../streams/ensure-streams';
import {
  contextOfPattern,
  contextWildcard,
  DEAD_LETTER_CONTEXT,
  Namespace,
  streamOf,
  subjectOf,
  withoutNamespace,
} from '../streams/namespace';
import { JetStreamContext } from './jetstream-context';
import { isPoison } from './poison-message';

export interface JetStreamServerOptions {
  servers: string;
  ns: Namespace;
  /** The consuming service, e.g. `reporting`: names its durable consumers. */
  service: string;
  /** Deliveries before a message that keeps failing goes to the dead-letter subject. */
  maxDeliver?: number;
  /** Delay before redelivery after the n-th failure (last value repeats). */
  redeliveryDelaysMs?: number[];
  ackWaitMs?: number;
  maxAckPending?: number;
  /**
   * Replicas of the streams this transport creates or updates (STREAM_REPLICAS): without it
   * a consumer starting on a cluster set a producer's 3-replica stream back to one.
   */
  streamReplicas?: number;
}

/**
 * A Nest transport over JetStream durable pull consumers, so handlers are plain
 * `@EventPattern('bulwark.roster.StudentEnrolled')`. One durable consumer per context the
 * service listens to (nats-server 2.9: one filter subject per consumer), messages handled one
 * at a time in stream order. A handler's success acks; a failure is redelivered after a
 * delay; a poison message, or one that failed `maxDeliver` times, is published to
 * `bulwark.deadletter.<service>.<context>.<EventType>` and terminated.
 */
export class JetStreamServer extends Server implements CustomTransportStrategy {
  private nc: NatsConnection | null = null;
  private js: JetStreamClient | null = null;
  private readonly subscriptions: ConsumerMessages[] = [];
  private readonly loops: Promise<void>[] = [];

  constructor(private readonly options: JetStreamServerOptions) {
    super();
  }

  async listen(callback: (error?: unknown) => void): Promise<void> {
    try {
      await this.start();
      callback();
    } catch (error) {
      callback(error);
    }
  }

  async close(): Promise<void> {
    for (const sub of this.subscriptions) await sub.close();
    await Promise.allSettled(this.loops);
    await this.nc?.drain();
    this.nc = null;
  }

  on(): never {
    throw new Error('JetStreamServer does not expose connection events');
  }

  unwrap<T>(): T {
    if (!this.nc) throw new Error('JetStreamServer is not listening');
    return this.nc as T;
  }

  /** Durable consumer name for a context. */
  consumerName(context: string): string {
    return `${this.options.service}-${context}`;
  }

  private async start(): Promise<void> {
    const { ns } = this.options;
    this.nc = await connect({
      servers: this.options.servers,
      name: `${this.options.service}-consumer`,
    });
    this.js = jetstream(this.nc);
    const jsm = await jetstreamManager(this.nc);
    const settings = { replicas: this.options.streamReplicas };
    await ensureDeadLetterStream(jsm, ns, settings);
    const contexts = new Set([...this.getHandlers().keys()].map(contextOfPattern));
    for (const context of contexts) {
      const stream = await ensureContextStream(jsm, ns, context, settings);
      const name = this.consumerName(context);
      await jsm.consumers.add(stream, {
        durable_name: name,
        ack_policy: AckPolicy.Explicit,
        deliver_policy: DeliverPolicy.All,
        filter_subject: contextWildcard(ns, context),
        max_deliver: this.options.maxDeliver ?? 5,
        ack_wait: nanos(this.options.ackWaitMs ?? 30_000),
        max_ack_pending: this.options.maxAckPending ?? 1000,
      });
      const consumer = await this.js.consumers.get(streamOf(ns, context), name);
      const messages = await consumer.consume({ max_messages: 256 });
      this.subscriptions.push(messages);
      this.loops.push(this.drainInOrder(messages, name));
    }
  }

  private async drainInOrder(messages: ConsumerMessages, consumer: string): Promise<void> {
    for await (const msg of messages) {
      await this.handle(msg, consumer);
    }
  }

  private async handle(msg: JsMsg, consumer: string): Promise<void> {
    const pattern = withoutNamespace(this.options.ns, msg.subject);
    const handler = this.getHandlerByPattern(pattern);
    if (!handler) {
      msg.ack(); // not an event this service cares about
      return;
    }
    let envelope;
    try {
      envelope = parseCloudEvent(msg.data);
    } catch (error) {
      await this.deadLetter(msg, pattern, `unreadable envelope: ${(error as Error).message}`);
      return;
    }
    try {
      const result = await handler(envelope, new JetStreamContext([msg, consumer]));
      await lastValueFrom(this.transformToObservable(result), { defaultValue: undefined });
      msg.ack();
    } catch (error) {
      const reason = describe(error);
      this.logger.warn(
        `${msg.subject} #${msg.seq} delivery ${msg.info.deliveryCount} failed: ${reason}`,
      );
      if (isPoison(error)) {
        await this.deadLetter(msg, pattern, reason);
      } else if (msg.info.deliveryCount >= (this.options.maxDeliver ?? 5)) {
        await this.deadLetter(msg, pattern, `failed ${msg.info.deliveryCount} times: ${reason}`);
      } else {
        const delays = this.options.redeliveryDelaysMs ?? [1000, 5000, 30_000];
        msg.nak(delays[Math.min(msg.info.deliveryCount - 1, delays.length - 1)]);
      }
    }
  }

  private async deadLetter(msg: JsMsg, pattern: string, reason: string): Promise<void> {
    msg.working(); // the dead-letter publish must not outlast the ack wait
    const h = headers();
    h.set('Bulwark-Original-Subject', msg.subject);
    h.set('Bulwark-Dead-Letter-Reason', reason.slice(0, 1000));
    h.set('Bulwark-Deliveries', String(msg.info.deliveryCount));
    const subject = subjectOf(
      this.options.ns,
      DEAD_LETTER_CONTEXT,
      `${this.options.service}.${pattern.slice('bulwark.'.length)}`,
    );
    await this.js!.publish(subject, msg.data, {
      headers: h,
      msgID: `${this.options.service}:${msg.info.stream}:${msg.seq}`,
    });
    this.logger.warn(`dead-lettered ${msg.subject} #${msg.seq}: ${reason}`);
    // No reason on the term: nats-server 2.9 ignores `+TERM <reason>` (reasons came in 2.10)
    // and would deliver the message again until max_deliver. The reason is in the headers.
    msg.term();
  }
}

function describe(error: unknown): string {
  if (isPoison(error)) return error.reason;
  if (error instanceof Error) return error.message;
  if (typeof error === 'object' && error !== null) {
    const e = error as { reason?: unknown; message?: unknown };
    return String(e.reason ?? e.message ?? JSON.stringify(error));
  }
  return String(error);
}
