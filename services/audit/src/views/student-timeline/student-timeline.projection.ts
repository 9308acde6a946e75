import type { ViewDefinition } from '../view-definition';

/**
 * Per student: a fact for each student number an entry names (found in its data at ingest).
 * The key compares byte for byte (collation "C"): student numbers are codes, and the locale's
 * comparison is slower in the index every event goes through.
 */
export const studentTimeline: ViewDefinition = {
  name: 'student_timeline',
  revision: 1,
  description: 'Per student: everything that happened to them, across contexts, with the actor',
  columns: [
    'student_number text COLLATE "C" NOT NULL',
    'seq bigint NOT NULL',
    'occurred_at timestamptz NOT NULL',
    'context text NOT NULL',
    'type text NOT NULL',
    'stream_id text NOT NULL',
    'actor text NOT NULL',
  ],
  indexes: ['student_number, seq'],
  factsFrom: (source, where) => `
    SELECT s.student_number, l.seq, l.occurred_at, l.context, l.type, l.stream_id, l.actor
      FROM ${source} l CROSS JOIN LATERAL unnest(l.student_numbers) AS s(student_number)
     WHERE ${where}`,
};
