import {
  CAMPUS_TIME_ZONE,
  isolationRules,
  mealRules,
  reportStepRules,
  volunteerRules,
} from './vocabulary';

/**
 * An audit view: a table of facts, each taken from one log entry alone and stamped with the
 * entry's `seq`. The same SELECT fills the live version inside the ingest transaction (from
 * the rows just inserted) and a rebuilt version (from the log, set-based, in big ranges), so
 * a rebuild is identical to the live view by construction; "as of" a log position is a
 * filter `seq <= position` on the facts, exact for every view.
 */
export interface ViewDefinition {
  readonly name: ViewName;
  readonly description: string;
  /** Column definitions of a version's table. */
  readonly columns: readonly string[];
  /**
   * The one context whose entries can give facts (the SELECT filters on it), when there is
   * one: ingestion skips the view for batches of other contexts.
   */
  readonly context?: string;
  /** Index columns, created after a rebuild's bulk load. */
  readonly indexes: readonly string[];
  /**
   * The facts of the log rows in `source` (audit_log, or a CTE with its columns) that match
   * `where` (SQL over alias `l`), in column order.
   */
  factsFrom(source: string, where: string): string;
}

export const VIEW_NAMES = [
  'student_timeline',
  'actor_activity',
  'report_chain',
  'isolation_occupancy',
  'meal_deliveries',
  'volunteer_minutes',
] as const;
export type ViewName = (typeof VIEW_NAMES)[number];

export function isViewName(value: string): value is ViewName {
  return (VIEW_NAMES as readonly string[]).includes(value);
}

const lit = (s: string) => `'${s.replace(/'/g, "''")}'`;
const tz = lit(CAMPUS_TIME_ZONE);
const localDate = `(l.occurred_at AT TIME ZONE ${tz})::date`;
// `OFFSET 0` keeps a lateral subquery from being inlined: its value (the event's data, parsed
// once) is then computed once per row, not once per reference.

// The per-event views' keys (student numbers, actors) compare byte for byte (collation "C"):
// they are codes, and the locale's comparison is slower in the index every event goes through.
const studentTimeline: ViewDefinition = {
  name: 'student_timeline',
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

const actorActivity: ViewDefinition = {
  name: 'actor_activity',
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

const stepCase = `CASE l.type ${reportStepRules
  .map((r) => `WHEN ${lit(r.type)} THEN ${lit(r.step)}`)
  .join(' ')} END`;
const deadlineCase = `CASE s.step ${reportStepRules
  .filter((r) => r.deadline !== null)
  .map((r) => `WHEN ${lit(r.step)} THEN ${lit(r.deadline!)}`)
  .join(' ')} END`;

const reportChain: ViewDefinition = {
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
     CROSS JOIN LATERAL (SELECT (l.envelope->'data')::jsonb AS d OFFSET 0) x
     CROSS JOIN LATERAL (SELECT ${stepCase} AS step) s
     CROSS JOIN LATERAL (
       SELECT coalesce(x.d->>'collegeCode', x.d->>'college') AS college_code,
              coalesce(audit_try_date(coalesce(x.d->>'day', x.d->>'reportDate', x.d->>'date')), ${localDate})
                AS report_date OFFSET 0) k
     CROSS JOIN LATERAL (SELECT (k.report_date + (${deadlineCase})::time) AT TIME ZONE ${tz} AS due_at) dd
     WHERE l.context = 'reporting' AND l.type IN (${reportStepRules.map((r) => lit(r.type)).join(', ')})
       AND k.college_code IS NOT NULL AND (${where})`,
};

const isolationOccupancy: ViewDefinition = {
  name: 'isolation_occupancy',
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
      FROM ${source} l CROSS JOIN LATERAL (SELECT (l.envelope->'data')::jsonb AS d OFFSET 0) x
     WHERE l.context = ${lit(isolationRules.context)}
       AND (l.type ~ ${lit(isolationRules.startPattern)} OR l.type ~ ${lit(isolationRules.endPattern)})
       AND (${where})`,
};

const mealDeliveries: ViewDefinition = {
  name: 'meal_deliveries',
  description: 'Meals delivered and failed, per day and meal',
  columns: [
    'day date NOT NULL',
    'meal text',
    'outcome text NOT NULL',
    'student_number text',
    'unit_code text',
    'occurred_at timestamptz NOT NULL',
    'seq bigint NOT NULL',
  ],
  context: mealRules.context,
  indexes: ['day, seq', 'seq'],
  factsFrom: (source, where) => `
    SELECT coalesce(audit_try_date(coalesce(x.d->>'date', x.d->>'day')), ${localDate}),
           x.d->>'meal',
           CASE WHEN l.type ~ ${lit(mealRules.failedPattern)} THEN 'failed' ELSE 'delivered' END,
           x.d->>'studentNumber',
           coalesce(x.d->>'communityCode', x.d->>'roomCode', x.d->>'unitCode'),
           l.occurred_at, l.seq
      FROM ${source} l CROSS JOIN LATERAL (SELECT (l.envelope->'data')::jsonb AS d OFFSET 0) x
     WHERE l.context = ${lit(mealRules.context)}
       AND (l.type ~ ${lit(mealRules.deliveredPattern)} OR l.type ~ ${lit(mealRules.failedPattern)})
       AND (${where})`,
};

const volunteerMinutes: ViewDefinition = {
  name: 'volunteer_minutes',
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
      FROM ${source} l CROSS JOIN LATERAL (SELECT (l.envelope->'data')::jsonb AS d OFFSET 0) x
     WHERE l.context = ${lit(volunteerRules.context)} AND jsonb_typeof(x.d->'minutes') = 'number'
       AND (${where})`,
};

export const viewDefinitions: Readonly<Record<ViewName, ViewDefinition>> = {
  student_timeline: studentTimeline,
  actor_activity: actorActivity,
  report_chain: reportChain,
  isolation_occupancy: isolationOccupancy,
  meal_deliveries: mealDeliveries,
  volunteer_minutes: volunteerMinutes,
};

/** The table of one version of a view. */
export function viewTable(view: ViewName, version: number): string {
  if (!Number.isInteger(version) || version < 1) throw new Error(`bad view version ${version}`);
  return `view_${view}_v${version}`;
}

export function columnNames(def: ViewDefinition): string[] {
  return def.columns.map((c) => c.split(' ')[0]);
}
