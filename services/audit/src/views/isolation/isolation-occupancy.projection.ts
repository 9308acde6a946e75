import { EVENT_DATA, lit, type ViewDefinition } from '../view-definition';

/**
 * Isolation occupancy (000, 003): a stay starts (+1) and ends (-1), by kind of place.
 * Isolation has no contracts yet: event types are matched by pattern and data fields read by
 * name (`studentNumber`, `placeKind` or `place`), so the context feeds the view without a
 * code change as long as it keeps these names. Changing a rule changes the view's SQL:
 * rebuild it afterwards (`audit replay --view isolation_occupancy`).
 */
export const isolationRules = {
  context: 'isolation',
  startPattern: '(IsolationStarted|StudentIsolated|IsolationBegan)$',
  endPattern: '(IsolationEnded|IsolationLifted|StudentReleased|IsolationReleased)$',
} as const;

export const isolationOccupancy: ViewDefinition = {
  name: 'isolation_occupancy',
  revision: 1,
  description: 'Isolation occupancy over time, by kind of place',
  columns: [
    'place_kind text NOT NULL',
    'student_number text',
    'delta smallint NOT NULL',
    'occurred_at timestamptz NOT NULL',
    'seq bigint NOT NULL',
  ],
  context: isolationRules.context,
  indexes: ['seq', 'occurred_at, seq'],
  factsFrom: (source, where) => `
    SELECT coalesce(x.d->>'placeKind',
                    CASE jsonb_typeof(x.d->'place') WHEN 'object' THEN x.d->'place'->>'kind'
                                                    WHEN 'string' THEN x.d->>'place' END,
                    'unspecified'),
           x.d->>'studentNumber',
           CASE WHEN l.type ~ ${lit(isolationRules.startPattern)} THEN 1 ELSE -1 END,
           l.occurred_at, l.seq
      FROM ${source} l ${EVENT_DATA}
     WHERE l.context = ${lit(isolationRules.context)}
       AND (l.type ~ ${lit(isolationRules.startPattern)} OR l.type ~ ${lit(isolationRules.endPattern)})
       AND (${where})`,
};
