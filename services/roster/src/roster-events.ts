import {
  rosterEventVersions,
  type RosterEvent,
  type RosterEventMap,
  type RosterEventType,
} from '@bulwark/contracts';
import { eventBuilder, type Decision, type EventLike, type NewEventOf } from '@bulwark/decider';

/** A roster event as a decider produces it, typed by its contract. */
export type RosterNewEvent<K extends RosterEventType = RosterEventType> = NewEventOf<
  RosterEventMap,
  K
>;

/** What a roster command that touches several streams decides (enrol, move, relocate, ...). */
export type RosterDecision = Decision<RosterNewEvent>;

/** Builds a new event at the schema version the roster writes today. */
export const rosterEvent = eventBuilder<RosterEventMap>(rosterEventVersions);

/** Reads an event as a roster event; the store only holds events that passed their contract. */
export function asRosterEvent(event: EventLike): RosterEvent {
  return event as RosterEvent;
}
