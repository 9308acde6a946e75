import type { NewEvent, RejectionKind } from '@bulwark/event-store';
import { Rejection } from '@bulwark/event-store';

/**
 * given(events).when(command).then(expected events) for pure deciders:
 *   given([enrolled]).when((state) => decide(cmd, state)).then([...])
 */
export function given<S, E>(initial: S, evolve: (state: S, event: E) => S, history: E[] = []) {
  const state = history.reduce(evolve, initial);
  return {
    state,
    when(decide: (state: S) => NewEvent[]) {
      let outcome: { events: NewEvent[] } | { error: unknown };
      try {
        outcome = { events: decide(state) };
      } catch (error) {
        outcome = { error };
      }
      return {
        then(expected: Array<Pick<NewEvent, 'type' | 'data'>>) {
          if ('error' in outcome) throw outcome.error;
          expect(outcome.events.map(({ type, data }) => ({ type, data }))).toEqual(expected);
        },
        thenRejects(kind: RejectionKind, field?: string | null) {
          if (!('error' in outcome))
            throw new Error(`expected a ${kind} rejection, got ${outcome.events.length} events`);
          expect(outcome.error).toBeInstanceOf(Rejection);
          expect((outcome.error as Rejection).kind).toBe(kind);
          if (field !== undefined) expect((outcome.error as Rejection).field).toBe(field);
        },
      };
    },
  };
}

/** The Rejection a decider throws; fails the test when it throws nothing or something else. */
export function rejectionOf(decide: () => unknown): Rejection {
  try {
    decide();
  } catch (error) {
    if (error instanceof Rejection) return error;
    throw error;
  }
  throw new Error('expected a Rejection, the decider accepted the command');
}
