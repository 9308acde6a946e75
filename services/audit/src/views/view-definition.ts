/**
 * An audit view: a table of facts, each taken from one log entry alone and stamped with the
 * entry's `seq`. The same SELECT fills the live version inside the ingest transaction (from
 * the rows just inserted) and a rebuilt version (from the log, set-based, in big ranges), so
 * a rebuild is identical to the live view by construction; "as of" a log position is a
 * filter `seq <= position` on the facts, exact for every view. Each view's definition (its
 * projection) lives in its slice, next to its queries and controller.
 */
export interface ViewDefinition {
  readonly name: ViewName;
  readonly description: string;
  /**
   * The revision of the facts this definition makes (columns, rules). Bump it whenever a
   * change alters what a log entry gives: a live version of an older revision is rebuilt
   * blue/green before ingestion feeds it (`ViewVersions.ensureLive`, at migrate and when
   * ingestion starts), so no table mixes the facts of two revisions.
   */
  readonly revision: number;
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

/** Deadlines and days are read on the campus clock. */
export const CAMPUS_TIME_ZONE = 'Asia/Shanghai';

/** A SQL string literal. */
export const lit = (s: string) => `'${s.replace(/'/g, "''")}'`;

/** The day an entry occurred on, on the campus clock. */
export const localDate = `(l.occurred_at AT TIME ZONE ${lit(CAMPUS_TIME_ZONE)})::date`;

// `OFFSET 0` keeps a lateral subquery from being inlined: its value (the event's data, parsed
// once) is then computed once per row, not once per reference.
/** The event's data, parsed once per row, as `x.d`. */
export const EVENT_DATA = `CROSS JOIN LATERAL (SELECT (l.envelope->'data')::jsonb AS d OFFSET 0) x`;
