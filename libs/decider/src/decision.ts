import type { NewEvent } from './new-event';

/** The events a decision appends to one stream, in order. */
export interface StreamEvents<E extends NewEvent = NewEvent> {
  streamId: string;
  events: E[];
}

/**
 * What a command that touches several streams decides: one entry per stream that changes,
 * each stream at most once, sorted by stream id. Streams with nothing to append are left out,
 * so `[]` means the command changes nothing. The application appends all entries in one
 * transaction, each with the version it read.
 *
 * Why sorted: two commands touching the same streams (one student A->B, another B->A) then
 * write them in the same order, so the database never sees them deadlock.
 */
export type Decision<E extends NewEvent = NewEvent> = StreamEvents<E>[];

/** Collects events per stream while a decision is built. */
export class DecisionDraft<E extends NewEvent = NewEvent> {
  private readonly byStream = new Map<string, E[]>();

  add(streamId: string, events: readonly E[]): this {
    if (events.length === 0) return this;
    const pending = this.byStream.get(streamId);
    if (pending) pending.push(...events);
    else this.byStream.set(streamId, [...events]);
    return this;
  }

  decision(): Decision<E> {
    return [...this.byStream]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([streamId, events]) => ({ streamId, events }));
  }
}

/** All events of a decision in order, e.g. to fold them or to check them against contracts. */
export function eventsOf<E extends NewEvent>(decision: Decision<E>): E[] {
  return decision.flatMap((entry) => entry.events);
}

/** The events a decision appends to one stream; [] when it leaves the stream alone. */
export function eventsFor<E extends NewEvent>(decision: Decision<E>, streamId: string): E[] {
  return decision.find((entry) => entry.streamId === streamId)?.events ?? [];
}
