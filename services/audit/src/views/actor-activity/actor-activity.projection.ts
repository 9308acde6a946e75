import type { ViewDefinition } from '../view-definition';

/**
 * Who did what: a fact for every entry, by its actor. The key compares byte for byte
 * (collation "C"), as the student timeline's does.
 */
export const actorActivity: ViewDefinition = {
  name: 'actor_activity',
  revision: 1,
  description: 'Per actor: everything a person did, when',
  columns: [
    'actor text COLLATE "C" NOT NULL',
    'seq bigint NOT NULL',
    'occurred_at timestamptz NOT NULL',
    'context text NOT NULL',
    'type text NOT NULL',
    'stream_id text NOT NULL',
    'student_numbers text[] NOT NULL',
  ],
  indexes: ['actor, seq'],
  factsFrom: (source, where) => `
    SELECT l.actor, l.seq, l.occurred_at, l.context, l.type, l.stream_id, l.student_numbers
      FROM ${source} l
     WHERE ${where}`,
};
