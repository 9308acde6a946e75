import {
  reportingEventVersions,
  type ReportingEvent,
  type ReportingEventMap,
} from '@bulwark/contracts';
import { eventBuilder, type EventLike, type NewEventOf } from '@bulwark/decider';

export type { EventLike } from '@bulwark/decider';

/** A reporting event as a decider produces it, typed by its contract. */
export type ReportingNewEvent<
  K extends keyof ReportingEventMap & string = keyof ReportingEventMap & string,
> = NewEventOf<ReportingEventMap, K>;

/** Builds a new event at the schema version reporting writes today. */
export const reportingEvent = eventBuilder<ReportingEventMap>(reportingEventVersions);

/** Reads an event as a reporting event; the store only holds events that passed their contract. */
export function asReportingEvent(event: EventLike): ReportingEvent {
  return event as ReportingEvent;
}
