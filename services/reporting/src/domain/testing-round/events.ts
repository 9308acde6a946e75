import {
  testingEventVersions,
  type TestingEvent,
  type TestingEventMap,
  type TestingEventType,
} from '@bulwark/contracts';
import type { NewEvent } from '@bulwark/decider';

/** A testing-round event as a decider produces it, typed by its contract. */
export type TestingNewEvent<K extends TestingEventType = TestingEventType> = {
  [T in K]: NewEvent<T, TestingEventMap[T]>;
}[K];

/** Builds a new event at the schema version reporting writes today. */
export function testingEvent<K extends TestingEventType>(
  type: K,
  data: TestingEventMap[K],
): TestingNewEvent<K> {
  return { type, data, schemaVersion: testingEventVersions[type] } as TestingNewEvent<K>;
}

/** Reads a stored event as a testing-round event; the store only holds events that passed. */
export function asTestingEvent(event: {
  readonly type: string;
  readonly data: unknown;
}): TestingEvent {
  return event as TestingEvent;
}
