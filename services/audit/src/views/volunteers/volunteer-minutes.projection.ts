import { EVENT_DATA, lit, type ViewDefinition } from '../view-definition';

/**
 * Volunteer service time: any volunteers event with a numeric `minutes` field. Volunteers has
 * no contracts yet: the volunteer is `volunteerId` (else `volunteerNumber`, `studentNumber`,
 * the actor), the team `teamCode` or `team`; rebuild the view after changing a rule.
 */
export const volunteerRules = { context: 'volunteers' } as const;

export const volunteerMinutes: ViewDefinition = {
  name: 'volunteer_minutes',
  revision: 1,
  description: 'Volunteer service minutes, per volunteer and team',
  columns: [
    'volunteer_id text NOT NULL',
    'team text',
    'minutes numeric NOT NULL',
    'type text NOT NULL',
    'occurred_at timestamptz NOT NULL',
    'seq bigint NOT NULL',
  ],
  context: volunteerRules.context,
  indexes: ['volunteer_id, seq', 'seq'],
  factsFrom: (source, where) => `
    SELECT coalesce(x.d->>'volunteerId', x.d->>'volunteerNumber', x.d->>'studentNumber', l.actor),
           coalesce(x.d->>'teamCode', x.d->>'team'),
           (x.d->>'minutes')::numeric, l.type, l.occurred_at, l.seq
      FROM ${source} l ${EVENT_DATA}
     WHERE l.context = ${lit(volunteerRules.context)} AND jsonb_typeof(x.d->'minutes') = 'number'
       AND (${where})`,
};
