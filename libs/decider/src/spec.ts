import { isDeepStrictEqual } from 'node:util';
import type { NewEvent } from './new-event';
import { Rejection, type RejectionKind } from './rejection';

/**
 * The one style of decider test, given / when / then, with no test framework behind it (a
 * failed expectation throws, which every runner reports):
 *
 *   given(initialState('s1'), evolve, [enrolled])
 *     .when((state) => decide(command, state))
 *     .then([{ type: 'StudentMoved', data: {...} }]);
 */
export function given<S, E>(initial: S, evolve: (state: S, event: E) => S, history: E[] = []) {
  const state = history.reduce(evolve, initial);
  return {
    state,
    when<R extends NewEvent>(decide: (state: S) => R[]) {
      let outcome: { events: R[] } | { error: unknown };
      try {
        outcome = { events: decide(state) };
      } catch (error) {
        outcome = { error };
      }
      return {
        /** The decided events, compared by type and data. */
        then(expected: Array<Pick<NewEvent, 'type' | 'data'>>): R[] {
          if ('error' in outcome) throw outcome.error;
          const actual = outcome.events.map(({ type, data }) => ({ type, data }));
          if (!isDeepStrictEqual(actual, expected)) {
            throw new Error(
              `decided events differ\nexpected: ${show(expected)}\nreceived: ${show(actual)}`,
            );
          }
          return outcome.events;
        },
        /** The decider refused, with this kind (and field, when given). */
        thenRejects(kind: RejectionKind, field?: string | null): Rejection {
          if (!('error' in outcome)) {
            throw new Error(`expected a ${kind} rejection, got ${outcome.events.length} events`);
          }
          const error = outcome.error;
          if (!(error instanceof Rejection)) throw error;
          if (error.kind !== kind) {
            throw new Error(`expected a ${kind} rejection, got ${error.kind}: ${error.message}`);
          }
          if (field !== undefined && error.field !== field) {
            throw new Error(`expected a rejection of ${field}, got one of ${error.field}`);
          }
          return error;
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

function show(value: unknown): string {
  return JSON.stringify(value, null, 2);
}
