import { DEADLINE_MISSED } from '@bulwark/contracts';
import { EVENT_DATA, lit, localDate, type ViewDefinition } from '../view-definition';
import { reportStepRules } from './report-chain.rules';

const stepCase = `CASE l.type ${reportStepRules
  .map((r) => `WHEN ${lit(r.type)} THEN ${lit(r.step)}`)
  .join(' ')} END`;
const chainStepCase = `CASE l.type WHEN ${lit(DEADLINE_MISSED)} THEN x.d->>'step' ${reportStepRules
  .flatMap((r) => (r.chainStep === null ? [] : [`WHEN ${lit(r.type)} THEN ${lit(r.chainStep)}`]))
  .join(' ')} END`;
const missed = `l.type = ${lit(DEADLINE_MISSED)}`;

/**
 * Per college and day, a fact for each step of the report chain. A DeadlineMissed keeps its
 * class (`unitCode`, when the class report was missed) and its due time (`deadline`); no other
 * event says when its step was due, so their `due_at` stays null here (the queries take it
 * from a DeadlineMissed of the same step that day, when there is one).
 * Revision 2: deadlines from the events (no copy of reporting's), `chain_step`, a missed
 * class report's class.
 */
export const reportChain: ViewDefinition = {
  name: 'report_chain',
  revision: 2,
  description:
    'Per college and day: the report chain, who filed, approved, sent back, submitted, when; late steps',
  columns: [
    'college_code text NOT NULL',
    'report_date date NOT NULL',
    'step text NOT NULL',
    'class_code text',
    'actor text NOT NULL',
    'occurred_at timestamptz NOT NULL',
    'due_at timestamptz',
    'late boolean NOT NULL',
    'type text NOT NULL',
    'seq bigint NOT NULL',
    'chain_step text',
  ],
  context: 'reporting',
  indexes: ['college_code, report_date, seq', 'report_date, seq'],
  factsFrom: (source, where) => `
    SELECT k.college_code, k.report_date, s.step,
           CASE WHEN ${missed} THEN CASE WHEN x.d->>'step' = 'class-report' THEN x.d->>'unitCode' END
                ELSE x.d->>'classCode' END,
           l.actor, l.occurred_at,
           CASE WHEN ${missed} THEN audit_try_instant(x.d->>'deadline') END,
           CASE WHEN ${missed} THEN true
                WHEN jsonb_typeof(x.d->'lateByMinutes') = 'number' THEN (x.d->>'lateByMinutes')::numeric > 0
                ELSE false END,
           l.type, l.seq, ${chainStepCase}
      FROM ${source} l
     ${EVENT_DATA}
     CROSS JOIN LATERAL (SELECT ${stepCase} AS step) s
     CROSS JOIN LATERAL (
       SELECT coalesce(x.d->>'collegeCode', x.d->>'college') AS college_code,
              coalesce(audit_try_date(coalesce(x.d->>'day', x.d->>'reportDate', x.d->>'date')), ${localDate})
                AS report_date OFFSET 0) k
     WHERE l.context = 'reporting' AND l.type IN (${reportStepRules.map((r) => lit(r.type)).join(', ')})
       AND k.college_code IS NOT NULL AND (${where})`,
};
