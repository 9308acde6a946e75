import { contexts, type Context } from './subjects';

/**
 * Event types a context keeps to itself: event-sourced in its own store like any other, but
 * never relayed to its stream, so no other context and no audit view ever sees them (e.g.
 * isolation's counselling notes). Declared here, beside the public contract, so the relay and
 * every reader of the catalogue know them. A type listed here has no `EventContract`.
 */
export const privateEventTypes: { readonly [C in Context]: readonly string[] } = {
  roster: [],
  reporting: [],
  isolation: [],
  meals: [],
  volunteers: [],
};

/** The private event types of a context; none for a name that is not a context (the audit). */
export function privateEventTypesOf(context: string): readonly string[] {
  const known = contexts.find((c) => c === context);
  return known ? privateEventTypes[known] : [];
}
