import { testingEventVersions, type TestingEvent, type TestingEventMap } from '@bulwark/contracts';
import { eventBuilder, type EventLike, type NewEventOf } from '@bulwark/decider';

/** A testing-round event as a decider produces it, typed by its contract. */
export type TestingNewEvent<
  K extends keyof TestingEventMap & string = keyof TestingEventMap & string,
> = NewEventOf<TestingEventMap, K>;

/** Builds a new event at the schema version reporting writes today. */
export const testingEvent = eventBuilder<TestingEventMap>(testingEventVersions);

/** Reads a stored event as a testing-round event; the store only holds events that passed. */
export function asTestingEvent(event: EventLike): TestingEvent {
  return event as TestingEvent;
}
