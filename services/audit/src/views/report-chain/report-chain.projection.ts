import {
  CAMPUS_TIME_ZONE,
  EVENT_DATA,
  lit,
  localDate,
  type ViewDefinition,
} from '../view-definition';
import { reportStepRules } from './report-chain.rules';

const stepCase = `CASE l.type ${reportStepRules
  .map((r) => `WHEN ${lit(r.type)} THEN ${lit(r.step)}`)
  .join(' ')} END`;
const deadlineCase = `CASE s.step ${reportStepRules
  .flatMap((r) => (r.deadline === null ? [] : [`WHEN ${lit(r.step)} THEN ${lit(r.deadline)}`]))
  .join(' ')} END`;
const tz = lit(CAMPUS_TIME_ZONE);

/** Per college and day, a fact for each step of the report chain, with its deadline. */
export const reportChain: ViewDefinition = {
  name: 'report_chain',
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
  ],
  context: 'reporting',
  indexes: ['college_code, report_date, seq', 'report_date, seq'],
  factsFrom: (source, where) => `
    SELECT k.college_code, k.report_date, s.step, x.d->>'classCode', l.actor, l.occurred_at, dd.due_at,
           CASE WHEN s.step = 'deadline-missed' THEN true
                WHEN jsonb_typeof(x.d->'lateByMinutes') = 'number' THEN (x.d->>'lateByMinutes')::numeric > 0
                ELSE coalesce(l.occurred_at > dd.due_at, false) END,
           l.type, l.seq
      FROM ${source} l
     ${EVENT_DATA}
     CROSS JOIN LATERAL (SELECT ${stepCase} AS step) s
     CROSS JOIN LATERAL (
       SELECT coalesce(x.d->>'collegeCode', x.d->>'college') AS college_code,
              coalesce(audit_try_date(coalesce(x.d->>'day', x.d->>'reportDate', x.d->>'date')), ${localDate})
                AS report_date OFFSET 0) k
     CROSS JOIN LATERAL (SELECT (k.report_date + (${deadlineCase})::time) AT TIME ZONE ${tz} AS due_at) dd
     WHERE l.context = 'reporting' AND l.type IN (${reportStepRules.map((r) => lit(r.type)).join(', ')})
       AND k.college_code IS NOT NULL AND (${where})`,
};
