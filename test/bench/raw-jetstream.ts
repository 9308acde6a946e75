import { randomBytes } from 'node:crypto';
import type { JetStreamClient, PubAck } from '@nats-io/jetstream';
import { headers } from '@nats-io/transport-node';
import { POSITION_HEADER } from '@bulwark/messaging';
import { timed, Rate } from './measure';

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
