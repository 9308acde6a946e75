import { randomUUID } from 'node:crypto';
import { eventHash, GENESIS_HASH } from '@bulwark/event-store';
import { toCloudEvent } from '@bulwark/messaging';
import type { ArrivedMessage, PreparedMessages } from '../log/prepared-messages';
import { prepareMessages } from '../log/prepared-messages';

/**
 * Batches of events as a context's store hashed them and its relay sent them, for feeding a
 * `LogAppender` without NATS: each call gives every named stream its next event (a meal
 * delivered, so the meals view takes one fact from each) and the context its next stream
 * sequences.
 */
export class EventBatches {
  private readonly streams = new Map<string, { version: number; hash: string }>();
  private readonly streamSeqs = new Map<string, number>();

  next(context: string, streamIds: string[], eventId?: string): PreparedMessages[] {
    const messages: ArrivedMessage[] = streamIds.map((streamId) => {
      const head = this.streams.get(streamId) ?? { version: 0, hash: GENESIS_HASH };
      const event = {
        globalPosition: 1n,
        transactionId: 1n,
        eventId: eventId ?? randomUUID(),
        streamId,
        streamVersion: head.version + 1,
        type: 'MealDelivered',
        schemaVersion: 1,
        data: { studentNumber: streamId, meal: 'lunch', day: '2020-02-03' },
        metadata: { correlationId: randomUUID(), causationId: null, actor: 'v-1', commandId: null },
        occurredAt: new Date('2020-02-03T04:00:00Z'),
        prevHash: head.hash,
        hash: '',
      };
      event.hash = eventHash(head.hash, event);
      this.streams.set(streamId, { version: event.streamVersion, hash: event.hash });
      const streamSeq = (this.streamSeqs.get(context) ?? 0) + 1;
      this.streamSeqs.set(context, streamSeq);
      const envelope = JSON.stringify(toCloudEvent(context, event));
      return { streamSeq, data: new TextEncoder().encode(envelope) };
    });
    return [prepareMessages(context, messages)];
  }
}
