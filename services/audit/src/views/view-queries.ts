import type { Pool } from 'pg';
import { ViewName, viewTable } from './view-definitions';

/** Which moment a view is read at: now (live), an instant, or a log position. */
export interface AsOf {
  /** An instant: the view as it was after every ingest that had committed by then. */
  at?: string;
  /** A log position: the view after log entries 1..seq. */
  seq?: number;
  /** A version other than the live one (a scratch replay, a retired version). */
  version?: number;
}

/** Where a view answer stands, returned with it so the same answer can be asked for again. */
export interface Position {
  view: ViewName;
  version: number;
  /** The answer holds exactly the log entries 1..seq. */
  seq: number;
  /** When the ingest that brought the log to `seq` committed (null at 0). */
  committedAt: string | null;
}

export interface Page {
  limit?: number;
  offset?: number;
}

export class ViewNotFound extends Error {}

const UNDEFINED_TABLE = '42P01';

/**
 * Reads of the audit views. Every answer is taken at one log position: the live one, or the
 * one an "as of" instant maps to (the last ingest committed by then). View facts carry the
 * log position they came from and are never changed, so `seq <= position` gives exactly what
 * the view held at that position, the live answer included.
 */
export class ViewQueries {
  constructor(private readonly pool: Pool) {}

  async position(view: ViewName, asOf: AsOf = {}): Promise<Position> {
    const { rows } = await this.pool.query<{
      version: number;
      status: string;
      watermark: string;
      head: string;
      at_seq: string | null;
    }>(
      `SELECT v.version, v.status, v.watermark, h.seq AS head,
              (SELECT max(last_seq) FROM audit_ingest_batches WHERE committed_at <= $3::timestamptz) AS at_seq
         FROM view_versions v, audit_chain_head h
        WHERE v.view = $1 AND (CASE WHEN $2::int IS NULL THEN v.status = 'live' ELSE v.version = $2 END)
          AND v.status <> 'dropped'`,
      [view, asOf.version ?? null, asOf.at ?? null],
    );
    const r = rows[0];
    if (!r) {
      throw new ViewNotFound(
        asOf.version ? `${view} has no version ${asOf.version}` : `${view} has no live version yet`,
      );
    }
    // The live version is fed in the ingest transaction: its facts reach the chain head.
    let seq = r.status === 'live' ? Number(r.head) : Number(r.watermark);
    if (asOf.at !== undefined) seq = Math.min(seq, Number(r.at_seq ?? 0));
    if (asOf.seq !== undefined) seq = Math.min(seq, asOf.seq);
    const at = await this.pool.query<{ committed_at: Date | null }>(
      `SELECT max(committed_at) AS committed_at FROM audit_ingest_batches WHERE last_seq <= $1`,
      [seq],
    );
    return {
      view,
      version: r.version,
      seq,
      committedAt: at.rows[0].committed_at?.toISOString() ?? null,
    };
  }

  /** Everything that happened to a student, across contexts, in the order it happened. */
  async studentTimeline(studentNumber: string, asOf: AsOf, page: Page) {
    return this.read('student_timeline', asOf, async (table, p) => {
      const { rows } = await this.pool.query(
        `SELECT v.seq, v.occurred_at, v.context, v.type, v.stream_id, v.actor, l.event_id, l.correlation_id,
                l.envelope->'data' AS data
           FROM ${table} v JOIN audit_log l ON l.seq = v.seq
          WHERE v.student_number = $1 AND v.seq <= $2
          ORDER BY v.occurred_at, v.seq LIMIT $3 OFFSET $4`,
        [studentNumber, p.seq, limit(page), page.offset ?? 0],
      );
      const total = await this.count(table, 'student_number = $1', [studentNumber], p.seq);
      return { studentNumber, total, entries: rows.map(entry) };
    });
  }

  /** Everything an actor did, when. */
  async actorActivity(actor: string, asOf: AsOf, page: Page & { from?: string; to?: string }) {
    return this.read('actor_activity', asOf, async (table, p) => {
      const range = `($3::timestamptz IS NULL OR v.occurred_at >= $3) AND ($4::timestamptz IS NULL OR v.occurred_at < $4)`;
      const { rows } = await this.pool.query(
        `SELECT v.seq, v.occurred_at, v.context, v.type, v.stream_id, v.student_numbers, l.event_id,
                l.correlation_id, l.envelope->'data' AS data
           FROM ${table} v JOIN audit_log l ON l.seq = v.seq
          WHERE v.actor = $1 AND v.seq <= $2 AND ${range}
          ORDER BY v.occurred_at, v.seq LIMIT $5 OFFSET $6`,
        [actor, p.seq, page.from ?? null, page.to ?? null, limit(page), page.offset ?? 0],
      );
      const total = await this.count(
        table,
        `actor = $1 AND ($2::timestamptz IS NULL OR occurred_at >= $2) AND ($3::timestamptz IS NULL OR occurred_at < $3)`,
        [actor, page.from ?? null, page.to ?? null],
        p.seq,
      );
      return {
        actor,
        total,
        entries: rows.map((r) => ({ ...entry(r), studentNumbers: r.student_numbers })),
      };
    });
  }

  /** One college's report chain on one day: every step in order, and the late ones. */
  async collegeReportChain(collegeCode: string, reportDate: string, asOf: AsOf) {
    return this.read('report_chain', asOf, async (table, p) => {
      const { rows } = await this.pool.query(
        `SELECT step, class_code, actor, occurred_at, due_at, late, type, seq FROM ${table}
          WHERE college_code = $1 AND report_date = $2 AND seq <= $3 ORDER BY occurred_at, seq`,
        [collegeCode, reportDate, p.seq],
      );
      const steps = rows.map(step);
      return { collegeCode, reportDate, ...summarise(steps), steps };
    });
  }

  /** Every college's report chain on one day, summarised. */
  async reportDay(reportDate: string, asOf: AsOf) {
    return this.read('report_chain', asOf, async (table, p) => {
      const { rows } = await this.pool.query(
        `SELECT college_code, step, class_code, actor, occurred_at, due_at, late, type, seq FROM ${table}
          WHERE report_date = $1 AND seq <= $2 ORDER BY college_code, occurred_at, seq`,
        [reportDate, p.seq],
      );
      const byCollege = new Map<string, ReturnType<typeof step>[]>();
      for (const r of rows) {
        const list = byCollege.get(r.college_code) ?? [];
        list.push(step(r));
        byCollege.set(r.college_code, list);
      }
      return {
        reportDate,
        colleges: [...byCollege].map(([collegeCode, steps]) => ({
          collegeCode,
          ...summarise(steps),
        })),
      };
    });
  }

  /** Students in isolation over time, by kind of place: every change, and the count now. */
  async isolationOccupancy(asOf: AsOf, range: { from?: string; to?: string }) {
    return this.read('isolation_occupancy', asOf, async (table, p) => {
      const { rows } = await this.pool.query(
        `SELECT place_kind, occurred_at, seq, student_number, delta, occupancy FROM (
           SELECT place_kind, occurred_at, seq, student_number, delta,
                  sum(delta) OVER (PARTITION BY place_kind ORDER BY occurred_at, seq)::int AS occupancy
             FROM ${table} WHERE seq <= $1) s
          WHERE ($2::timestamptz IS NULL OR occurred_at >= $2) AND ($3::timestamptz IS NULL OR occurred_at < $3)
          ORDER BY occurred_at, seq`,
        [p.seq, range.from ?? null, range.to ?? null],
      );
      const current = await this.pool.query(
        `SELECT place_kind, sum(delta)::int AS occupancy FROM ${table}
          WHERE seq <= $1 AND ($2::timestamptz IS NULL OR occurred_at < $2)
          GROUP BY place_kind ORDER BY place_kind`,
        [p.seq, range.to ?? null],
      );
      return {
        occupancy: current.rows.map((r) => ({ placeKind: r.place_kind, occupancy: r.occupancy })),
        total: current.rows.reduce((n, r) => n + r.occupancy, 0),
        series: rows.map((r) => ({
          at: (r.occurred_at as Date).toISOString(),
          placeKind: r.place_kind,
          studentNumber: r.student_number,
          change: r.delta,
          occupancy: r.occupancy,
          seq: Number(r.seq),
        })),
      };
    });
  }

  /** Meals delivered and failed, per day and meal. */
  async mealDeliveries(asOf: AsOf, range: { from?: string; to?: string }) {
    return this.read('meal_deliveries', asOf, async (table, p) => {
      const { rows } = await this.pool.query(
        `SELECT to_char(day, 'YYYY-MM-DD') AS day, coalesce(meal, 'unspecified') AS meal,
                count(*) FILTER (WHERE outcome = 'delivered')::int AS delivered,
                count(*) FILTER (WHERE outcome = 'failed')::int AS failed
           FROM ${table}
          WHERE seq <= $1 AND ($2::date IS NULL OR day >= $2) AND ($3::date IS NULL OR day <= $3)
          GROUP BY day, meal ORDER BY day, meal`,
        [p.seq, range.from ?? null, range.to ?? null],
      );
      type Day = {
        day: string;
        delivered: number;
        failed: number;
        byMeal: Record<string, { delivered: number; failed: number }>;
      };
      const days = new Map<string, Day>();
      for (const r of rows) {
        const d: Day = days.get(r.day) ?? { day: r.day, delivered: 0, failed: 0, byMeal: {} };
        d.delivered += r.delivered;
        d.failed += r.failed;
        d.byMeal[r.meal] = { delivered: r.delivered, failed: r.failed };
        days.set(r.day, d);
      }
      const list = [...days.values()];
      return {
        delivered: list.reduce((n, d) => n + d.delivered, 0),
        failed: list.reduce((n, d) => n + d.failed, 0),
        days: list,
      };
    });
  }

  /** Service minutes per volunteer and per team. */
  async volunteerMinutes(asOf: AsOf, filter: { team?: string }) {
    return this.read('volunteer_minutes', asOf, async (table, p) => {
      const { rows } = await this.pool.query(
        `SELECT volunteer_id, (array_agg(team ORDER BY seq DESC) FILTER (WHERE team IS NOT NULL))[1] AS team,
                sum(minutes)::text AS minutes, count(*)::int AS entries
           FROM ${table} WHERE seq <= $1
          GROUP BY volunteer_id ORDER BY volunteer_id`,
        [p.seq],
      );
      const volunteers = rows
        .map((r) => ({
          volunteerId: r.volunteer_id as string,
          team: (r.team as string | null) ?? null,
          minutes: Number(r.minutes),
          entries: r.entries as number,
        }))
        .filter((v) => filter.team === undefined || v.team === filter.team);
      const teams = new Map<string, { team: string; minutes: number; volunteers: number }>();
      for (const v of volunteers) {
        const key = v.team ?? 'unassigned';
        const t = teams.get(key) ?? { team: key, minutes: 0, volunteers: 0 };
        t.minutes += v.minutes;
        t.volunteers += 1;
        teams.set(key, t);
      }
      return {
        minutes: volunteers.reduce((n, v) => n + v.minutes, 0),
        teams: [...teams.values()].sort((a, b) => a.team.localeCompare(b.team)),
        volunteers,
      };
    });
  }

  /**
   * Resolves the position, then reads the version's table at it. A version retired and
   * dropped between the two (by a rebuild) is read again at the new live version.
   */
  private async read<T>(
    view: ViewName,
    asOf: AsOf,
    query: (table: string, position: Position) => Promise<T>,
  ): Promise<{ asOf: Position } & T> {
    for (let attempt = 1; ; attempt += 1) {
      const position = await this.position(view, asOf);
      try {
        const body = await query(viewTable(view, position.version), position);
        return { asOf: position, ...body };
      } catch (error) {
        if ((error as { code?: string }).code !== UNDEFINED_TABLE || attempt >= 3) throw error;
      }
    }
  }

  private async count(table: string, where: string, params: unknown[], seq: number) {
    const n = params.length + 1;
    const { rows } = await this.pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM ${table} WHERE ${where} AND seq <= $${n}`,
      [...params, seq],
    );
    return rows[0].n;
  }
}

function limit(page: Page): number {
  return Math.min(Math.max(page.limit ?? 500, 1), 5000);
}

function entry(r: Record<string, unknown>) {
  return {
    seq: Number(r.seq),
    at: (r.occurred_at as Date).toISOString(),
    context: r.context as string,
    type: r.type as string,
    streamId: r.stream_id as string,
    actor: r.actor as string | undefined,
    eventId: r.event_id as string,
    correlationId: (r.correlation_id as string | null) ?? null,
    data: r.data,
  };
}

function step(r: Record<string, unknown>) {
  return {
    step: r.step as string,
    classCode: (r.class_code as string | null) ?? null,
    actor: r.actor as string,
    at: (r.occurred_at as Date).toISOString(),
    dueAt: r.due_at ? (r.due_at as Date).toISOString() : null,
    late: r.late as boolean,
    type: r.type as string,
    seq: Number(r.seq),
  };
}

/** Who filed, compiled, approved, sent back and submitted, and which steps came late. */
export function summarise(steps: ReturnType<typeof step>[]) {
  const by = (name: string) => steps.filter((s) => s.step === name);
  const who = (list: ReturnType<typeof step>[]) =>
    list.map((s) => ({ actor: s.actor, at: s.at, late: s.late, classCode: s.classCode }));
  const submitted = by('submitted').at(-1) ?? null;
  return {
    status: steps.filter((s) => s.step !== 'deadline-missed').at(-1)?.step ?? 'nothing-filed',
    filed: who(by('filed')),
    compiled: who(by('compiled')),
    approved: who(by('approved')),
    sentBack: who(by('sent-back')),
    reopened: who(by('reopened')),
    submitted: submitted
      ? { actor: submitted.actor, at: submitted.at, late: submitted.late }
      : null,
    lateSteps: steps.filter((s) => s.late),
  };
}
