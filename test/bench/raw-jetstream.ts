import { randomBytes } from 'node:crypto';
import type { JetStreamClient, PubAck } from '@nats-io/jetstream';
import { createInbox, headers, type NatsConnection } from '@nats-io/transport-node';
import { POSITION_HEADER, StreamPublisher, type StreamMessage } from '@bulwark/messaging';
import { timed, Rate } from './measure';
import { at } from './checked';

/**
 * The ceiling for the relay: messages published to a fresh stream (same settings as a context
 * stream), `window` at a time before awaiting their acks. Each message is one of the relay's
 * own envelopes, already serialized, with the same headers on the wire (Nats-Msg-Id and
 * Bulwark-Position) but no expected-sequence check and nothing read from PostgreSQL.
 */
export class RawJetStream {
  private next = 0;
  private readonly run = randomBytes(4).toString('hex');

  constructor(
    private readonly js: JetStreamClient,
    private readonly subject: string,
    private readonly envelopes: string[],
    private readonly window: number,
  ) {}

  publish(count: number): Promise<Rate> {
    return timed(async () => {
      for (let sent = 0; sent < count;) {
        const acks: Promise<PubAck>[] = [];
        for (const end = Math.min(count, sent + this.window); sent < end; sent += 1) {
          const i = this.next++;
          const h = headers();
          h.set(POSITION_HEADER, `${1_000_000 + i}:${1_000_000 + i}`);
          acks.push(
            this.js.publish(this.subject, this.envelopes[i % this.envelopes.length], {
              msgID: `${this.run}-${i}`,
              headers: h,
            }),
          );
        }
        for (const ack of await Promise.all(acks)) {
          if (ack.duplicate) throw new Error(`raw publish seq ${ack.seq} taken as a duplicate`);
        }
      }
      return count;
    });
  }
}

/**
 * The same messages published with an ack for every message, the fastest way we know: core
 * NATS publishes, each with a reply subject under one inbox subscription that reads every ack
 * (parsed), `window` at a time before awaiting their acks. The baseline of the relay target:
 * raw pipelined publish without the overhead `js.publish` adds per message.
 */
export class RawCorePublish {
  private next = 0;
  private readonly run = randomBytes(4).toString('hex');
  private readonly inbox = createInbox();

  constructor(
    private readonly nc: NatsConnection,
    private readonly subject: string,
    private readonly envelopes: string[],
    private readonly window: number,
  ) {}

  publish(count: number): Promise<Rate> {
    return timed(async () => {
      for (let sent = 0; sent < count;) {
        const end = Math.min(count, sent + this.window);
        let waiting = end - sent;
        const acked = new Promise<void>((resolve, reject) => {
          const subscription = this.nc.subscribe(`${this.inbox}.${sent}.>`, {
            max: waiting,
            callback: (error, msg) => {
              try {
                if (error) throw error;
                const ack = JSON.parse(msg.string()) as { seq?: number; duplicate?: boolean };
                if (typeof ack.seq !== 'number' || ack.duplicate) {
                  throw new Error(`raw publish not stored once: ${msg.string()}`);
                }
              } catch (failure) {
                subscription.unsubscribe();
                reject(failure as Error);
                return;
              }
              if (--waiting === 0) resolve();
            },
          });
        });
        const from = sent;
        for (; sent < end; sent += 1) {
          const i = this.next++;
          const h = headers();
          h.set(POSITION_HEADER, `${1_000_000 + i}:${1_000_000 + i}`);
          h.set('Nats-Msg-Id', `${this.run}-${i}`);
          this.nc.publish(this.subject, this.envelopes[i % this.envelopes.length], {
            reply: `${this.inbox}.${from}.${sent}`,
            headers: h,
          });
        }
        await acked;
      }
      return count;
    });
  }
}

/**
 * The same messages published the way the relay publishes since session 8: runs of `window`
 * messages through the relay's own `StreamPublisher` (each message expects the one before it,
 * only the last is acked), as bytes. Nothing read from PostgreSQL: relay / this is what the
 * relay's reads and bookkeeping cost on top of its own way of publishing.
 */
export class RawRunPublish {
  private next = 0;
  private lastSequence = 0;
  private readonly run = randomBytes(4).toString('hex');
  private readonly publisher: StreamPublisher;
  private readonly bytes: Buffer[];

  constructor(
    nc: NatsConnection,
    stream: string,
    private readonly subject: string,
    envelopes: string[],
    private readonly window: number,
  ) {
    this.publisher = new StreamPublisher(nc, stream);
    this.bytes = envelopes.map((e) => Buffer.from(e));
  }

  publish(count: number): Promise<Rate> {
    return timed(async () => {
      for (let sent = 0; sent < count;) {
        const messages: StreamMessage[] = [];
        for (const end = Math.min(count, sent + this.window); sent < end; sent += 1) {
          const i = this.next++;
          messages.push({
            subject: this.subject,
            data: at(this.bytes, i % this.bytes.length),
            msgId: `${this.run}-${i}`,
            headers: { [POSITION_HEADER]: `${1_000_000 + i}:${1_000_000 + i}` },
          });
        }
        this.lastSequence = await this.publisher.publish(messages, this.lastSequence).landed;
      }
      return count;
    });
  }

  close(): void {
    this.publisher.close();
  }
}
