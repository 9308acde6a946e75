import { randomBytes } from 'node:crypto';
import type { JetStreamClient, PubAck } from '@nats-io/jetstream';
import { headers } from '@nats-io/transport-node';
import { POSITION_HEADER } from '@bulwark/messaging';
import { timed, Rate } from './measure';

/**
 * The ceiling for the relay: `count` messages published to a fresh stream (same stream settings
 * as a context stream), `window` at a time before awaiting their acks. Each message is one of
 * the relay's own envelopes, already serialized, with the same headers on the wire (Nats-Msg-Id
 * and Bulwark-Position) but no expected-sequence check and nothing read from PostgreSQL.
 */
export async function rawPipelinedPublishRate(
  js: JetStreamClient,
  subject: string,
  envelopes: string[],
  count: number,
  window: number,
): Promise<Rate> {
  const run = randomBytes(4).toString('hex');
  return timed(async () => {
    for (let from = 0; from < count; from += window) {
      const acks: Promise<PubAck>[] = [];
      for (let i = from; i < Math.min(count, from + window); i += 1) {
        const h = headers();
        h.set(POSITION_HEADER, `${1_000_000 + i}:${1_000_000 + i}`);
        acks.push(
          js.publish(subject, envelopes[i % envelopes.length], {
            msgID: `${run}-${i}`,
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
