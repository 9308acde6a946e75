import {
  reportingEventVersions,
  type ReportingEvent,
  type ReportingEventMap,
  type ReportingEventType,
} from '@bulwark/contracts';
import type { NewEvent } from '@bulwark/decider';

/** A reporting event as a decider produces it, typed by its contract. */
export type ReportingNewEvent<K extends ReportingEventType = ReportingEventType> = {
  [T in K]: NewEvent<T, ReportingEventMap[T]>;
}[K];

/** Builds a new event at the schema version reporting writes today. */
export function reportingEvent<K extends ReportingEventType>(
  type: K,
  data: ReportingEventMap[K],
): ReportingNewEvent<K> {
  return { type, data, schemaVersion: reportingEventVersions[type] } as ReportingNewEvent<K>;
}

/**
 * What `evolve` accepts: a stored event (already upcast by the store) or a freshly decided
 * one. Typed loosely so `evolve` can be handed straight to a stream fold; unknown types leave
 * the state as it is.
 */
export interface EventLike {
  readonly type: string;
  readonly data: unknown;
}

/** Reads an event as a reporting event; the store only holds events that passed their contract. */
export function asReportingEvent(event: EventLike): ReportingEvent {
  return event as ReportingEvent;
}
