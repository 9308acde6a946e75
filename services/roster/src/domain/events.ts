import {
  rosterEventVersions,
  type RosterEvent,
  type RosterEventMap,
  type RosterEventType,
} from '@bulwark/contracts';
import type { NewEvent } from '@bulwark/decider';

/** A roster event as a decider produces it, typed by its contract. */
export type RosterNewEvent<K extends RosterEventType = RosterEventType> = {
  [T in K]: NewEvent<T, RosterEventMap[T]>;
}[K];

/** Builds a new event at the schema version the roster writes today. */
export function rosterEvent<K extends RosterEventType>(
  type: K,
  data: RosterEventMap[K],
): NewEvent<K, RosterEventMap[K]> {
  return { type, data, schemaVersion: rosterEventVersions[type] };
}

/**
 * What `evolve` accepts: a stored event (`RecordedEvent`, already upcast to the current
 * version by the store) or a freshly decided one. Typed loosely so `evolve` can be handed
 * straight to a stream fold; unknown types leave the state as it is.
 */
export interface EventLike {
  readonly type: string;
  readonly data: unknown;
}

/** Reads an event as a roster event; the store only holds events that passed their contract. */
export function asRosterEvent(event: EventLike): RosterEvent {
  return event as RosterEvent;
}
