import { randomUUID } from 'node:crypto';
import { eventHash, GENESIS_HASH } from '@bulwark/event-store';
import { toCloudEvent } from '@bulwark/messaging';
import type { ArrivedMessage, PreparedMessages } from '../log/prepared-messages';
import { prepareMessages } from '../log/prepared-messages';

/** An event of a batch: its stream, type, data, who and when. */
export interface BatchEvent {
  streamId: string;
  type: string;
  data: Record<string, unknown>;
  actor: string;
  at: string;
  eventId?: string;
}

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
    return this.of(
      context,
      streamIds.map((streamId) => ({
        streamId,
        type: 'MealDelivered',
        data: { studentNumber: streamId, meal: 'lunch', day: '2020-02-03' },
        actor: 'v-1',
        at: '2020-02-03T04:00:00Z',
        ...(eventId === undefined ? {} : { eventId }),
      })),
    );
  }

  /** One batch of the given events, each the next of its stream. */
  of(context: string, events: BatchEvent[]): PreparedMessages[] {
    const messages: ArrivedMessage[] = events.map(
      ({ streamId, type, data, actor, at, eventId }) => {
        const head = this.streams.get(streamId) ?? { version: 0, hash: GENESIS_HASH };
        const event = {
          globalPosition: 1n,
          transactionId: 1n,
          eventId: eventId ?? randomUUID(),
          streamId,
          streamVersion: head.version + 1,
          type,
          schemaVersion: 1,
          data,
          metadata: { correlationId: randomUUID(), causationId: null, actor, commandId: null },
          occurredAt: new Date(at),
          prevHash: head.hash,
          hash: '',
        };
        event.hash = eventHash(head.hash, event);
        this.streams.set(streamId, { version: event.streamVersion, hash: event.hash });
        const streamSeq = (this.streamSeqs.get(context) ?? 0) + 1;
        this.streamSeqs.set(context, streamSeq);
        const envelope = JSON.stringify(toCloudEvent(context, event));
        return { streamSeq, data: new TextEncoder().encode(envelope) };
      },
    );
    return [prepareMessages(context, messages)];
  }
}
