/** An event as a decider produces it: the store adds ids, versions, hashes and metadata. */
export interface NewEvent<T extends string = string, D = unknown> {
  type: T;
  data: D;
  /** Schema version of `data`; 1 unless the event's contract says otherwise. */
  schemaVersion?: number;
  /** Optional fixed id (tests, imports); otherwise a random UUID. */
  eventId?: string;
}

/** One new event per type of a contract's event map, each typed by its data. */
export type NewEventOf<M, K extends keyof M & string = keyof M & string> = {
  [T in K]: NewEvent<T, M[T]>;
}[K];

/**
 * The typed event builder of a context: `const rosterEvent = eventBuilder(rosterEventVersions)`
 * gives `rosterEvent('StudentEnrolled', data)`, stamped with the schema version the context
 * writes today, so a decider never picks a version by hand.
 */
export function eventBuilder<M>(versions: { readonly [K in keyof M & string]: number }) {
  return <K extends keyof M & string>(type: K, data: M[K]): NewEventOf<M, K> =>
    ({ type, data, schemaVersion: versions[type] }) as NewEventOf<M, K>;
}

/**
 * What `evolve` accepts: a stored event (already upcast by the store) or a freshly decided one.
 * Typed loosely so `evolve` can be handed straight to a stream fold; unknown types leave the
 * state as it is.
 */
export interface EventLike {
  readonly type: string;
  readonly data: unknown;
}
