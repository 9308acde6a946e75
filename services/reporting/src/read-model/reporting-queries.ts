import { Inject, Injectable } from '@nestjs/common';
import { chainSteps, type ChainStep } from '@bulwark/contracts';
import { PG_POOL } from '@bulwark/runtime';
import type { Pool } from 'pg';
import { REPORTING_SETTINGS } from '../clock';
import { deadlineOf } from '../domain/rules';
import type { ReportingSettings } from '../settings';

/**
 * Scope filter in SQL: `$n` holds the actor's scopes; a row is visible when the actor holds
 * the whole university or a scope on the row's path (class line or dorm line).
 */
const visible = (param: string, ...paths: string[]) =>
  `(${param}::text[] @> ARRAY['*'] OR ${paths.map((p) => `${p} && ${param}::text[]`).join(' OR ')})`;

/** A class's report of a day as every view shows it: missing is a state, never a zero. */
export type ClassReportState = 'missing' | 'zero' | 'changes';

export interface ChainStepView {
  deadline: string;
  done: boolean;
  by: string | null;
  at: string | null;
  lateByMinutes: number | null;
  deadlineMissed: boolean;
}

export interface CollegeDayView {
  collegeCode: string;
  name: string;
  students: {
    expected: number;
    checkedIn: number;
    notCheckedIn: number;
    abnormal: number;
    unreached: number;
  };
  chain: {
    status: string;
    pass: number;
    classReports: {
      deadline: string;
      expected: number;
      zero: number;
      changes: number;
      missing: number;
      late: number;
      deadlinesMissed: number;
    };
    compilation: {
      done: boolean;
      by: string | null;
      at: string | null;
      lateByMinutes: number | null;
    };
    firstReview: ChainStepView;
    submission: ChainStepView;
  };
}

const iso = (v: Date | null): string | null => (v ? v.toISOString() : null);

/** Reads of reporting's read tables: the views of the day, of a college, of a student, of a notice. */
@Injectable()
export class ReportingQueries {
  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(REPORTING_SETTINGS) private readonly settings: ReportingSettings,
  ) {}

  private deadline(day: string, step: ChainStep): string {
    return deadlineOf(this.settings.rules, day, step).toISOString();
  }

  /** For the prevention office: every college the actor sees, students and chain, for a day. */
  async day(day: string, scopes: string[]): Promise<{ day: string; colleges: CollegeDayView[] }> {
    const [students, classes, reports, missed] = await Promise.all([
      this.pool.query(
        `WITH expected AS (
           SELECT college_code, count(*)::int AS n FROM roster_students s
            WHERE college_code IS NOT NULL AND ${visible('$2', 's.class_path')} GROUP BY 1),
         checked AS (
           SELECT s.college_code, count(*)::int AS n, count(*) FILTER (WHERE c.abnormal)::int AS abnormal
             FROM daily_check_ins c JOIN roster_students s ON s.student_number = c.student_number
            WHERE c.day = $1 AND s.college_code IS NOT NULL AND ${visible('$2', 's.class_path')} GROUP BY 1),
         unreached AS (
           SELECT s.college_code, count(*)::int AS n
             FROM non_responders r JOIN roster_students s ON s.student_number = r.student_number
            WHERE r.day = $1 AND r.resolution IS NULL AND s.college_code IS NOT NULL AND ${visible('$2', 's.class_path')}
              AND NOT EXISTS (SELECT 1 FROM daily_check_ins c WHERE c.day = r.day AND c.student_number = r.student_number)
            GROUP BY 1)
         SELECT e.college_code, coalesce(u.name, e.college_code) AS name, e.n AS expected,
                coalesce(c.n, 0) AS checked_in, coalesce(c.abnormal, 0) AS abnormal, coalesce(r.n, 0) AS unreached
           FROM expected e LEFT JOIN checked c USING (college_code) LEFT JOIN unreached r USING (college_code)
           LEFT JOIN roster_units u ON u.code = e.college_code
          ORDER BY e.college_code`,
        [day, scopes],
      ),
      this.pool.query(
        `SELECT k.college_code, count(*)::int AS expected,
                count(*) FILTER (WHERE r.kind = 'zero')::int AS zero,
                count(*) FILTER (WHERE r.kind = 'changes')::int AS changes,
                count(*) FILTER (WHERE r.kind IS NULL)::int AS missing,
                count(*) FILTER (WHERE r.first_late_by_minutes > 0)::int AS late
           FROM (SELECT DISTINCT college_code, class_code FROM roster_students WHERE college_code IS NOT NULL) k
           LEFT JOIN class_reports r ON r.day = $1 AND r.class_code = k.class_code
          GROUP BY 1`,
        [day],
      ),
      this.pool.query(`SELECT * FROM college_reports WHERE day = $1`, [day]),
      this.pool.query<{ college_code: string; step: ChainStep; n: number }>(
        `SELECT college_code, step, count(*)::int AS n FROM missed_deadlines WHERE day = $1 GROUP BY 1, 2`,
        [day],
      ),
    ]);
    const classesBy = new Map(classes.rows.map((r) => [r.college_code as string, r]));
    const reportsBy = new Map(reports.rows.map((r) => [r.college_code as string, r]));
    const missedBy = (college: string, step: ChainStep) =>
      missed.rows.find((m) => m.college_code === college && m.step === step)?.n ?? 0;
    const colleges = students.rows.map((s): CollegeDayView => {
      const c = classesBy.get(s.college_code);
      const r = reportsBy.get(s.college_code);
      const approved = r && ['approved', 'submitted'].includes(r.status);
      return {
        collegeCode: s.college_code,
        name: s.name,
        students: {
          expected: s.expected,
          checkedIn: s.checked_in,
          notCheckedIn: s.expected - s.checked_in,
          abnormal: s.abnormal,
          unreached: s.unreached,
        },
        chain: {
          status: r?.status ?? 'open',
          pass: r?.pass ?? 1,
          classReports: {
            deadline: this.deadline(day, 'class-report'),
            expected: c?.expected ?? 0,
            zero: c?.zero ?? 0,
            changes: c?.changes ?? 0,
            missing: c?.missing ?? 0,
            late: c?.late ?? 0,
            deadlinesMissed: missedBy(s.college_code, 'class-report'),
          },
          compilation: {
            done: Boolean(r?.compiled_at),
            by: r?.compiled_by ?? null,
            at: iso(r?.compiled_at ?? null),
            lateByMinutes: r?.compile_late_by ?? null,
          },
          firstReview: {
            deadline: this.deadline(day, 'first-review'),
            done: Boolean(approved),
            by: approved ? r.approved_by : null,
            at: approved ? iso(r.approved_at) : null,
            lateByMinutes: approved ? r.approve_late_by : null,
            deadlineMissed: missedBy(s.college_code, 'first-review') > 0,
          },
          submission: {
            deadline: this.deadline(day, 'submission'),
            done: r?.status === 'submitted',
            by: r?.status === 'submitted' ? r.submitted_by : null,
            at: r?.status === 'submitted' ? iso(r.submitted_at) : null,
            lateByMinutes: r?.status === 'submitted' ? r.submit_late_by : null,
            deadlineMissed: missedBy(s.college_code, 'submission') > 0,
          },
        },
      };
    });
    return { day, colleges };
  }

  /** One college's chain of a day: every class (missing, zero or changes), every step, the log. */
  async collegeReport(day: string, collegeCode: string) {
    const [classes, report, steps, missed] = await Promise.all([
      this.pool.query(
        `SELECT k.class_code, coalesce(u.name, k.class_code) AS name, r.kind, r.changes, r.filed_by, r.filed_at,
                r.filing, r.late_by_minutes, r.first_late_by_minutes,
                coalesce((SELECT json_agg(json_build_object('staffId', st.staff_id, 'staffName', st.staff_name) ORDER BY st.staff_id)
                            FROM roster_staff st WHERE st.unit_code = k.class_code AND st.role = 'class-counsellor'), '[]') AS counsellors,
                (SELECT count(*)::int FROM daily_check_ins c WHERE c.day = $1 AND c.class_code = k.class_code AND c.abnormal) AS abnormal
           FROM (SELECT DISTINCT class_code FROM roster_students WHERE college_code = $2
                 UNION SELECT class_code FROM class_reports WHERE day = $1 AND college_code = $2) k
           LEFT JOIN roster_units u ON u.code = k.class_code
           LEFT JOIN class_reports r ON r.day = $1 AND r.class_code = k.class_code
          ORDER BY k.class_code`,
        [day, collegeCode],
      ),
      this.pool.query(`SELECT * FROM college_reports WHERE day = $1 AND college_code = $2`, [
        day,
        collegeCode,
      ]),
      this.pool.query(
        `SELECT action, actor, at, pass, late_by_minutes, reason FROM college_report_steps
          WHERE day = $1 AND college_code = $2 ORDER BY position`,
        [day, collegeCode],
      ),
      this.pool.query(
        `SELECT step, unit_code, deadline FROM missed_deadlines WHERE day = $1 AND college_code = $2 ORDER BY step, unit_code`,
        [day, collegeCode],
      ),
    ]);
    const r = report.rows[0];
    const missedSet = new Set(missed.rows.map((m) => `${m.step}:${m.unit_code}`));
    const classList = classes.rows.map((c) => {
      const state: ClassReportState = c.kind ?? 'missing';
      return {
        classCode: c.class_code,
        name: c.name,
        report: state,
        counsellors: c.counsellors,
        changes: c.changes ?? [],
        filedBy: c.filed_by ?? null,
        filedAt: iso(c.filed_at ?? null),
        filing: c.filing ?? 0,
        lateByMinutes: c.late_by_minutes ?? null,
        firstLateByMinutes: c.first_late_by_minutes ?? null,
        deadlineMissed: missedSet.has(`class-report:${c.class_code}`),
        abnormalCheckIns: c.abnormal,
        /** A zero report while the class had abnormal check-ins that day: check before submitting. */
        inconsistent: state === 'zero' && c.abnormal > 0,
      };
    });
    const approved = r && ['approved', 'submitted'].includes(r.status);
    return {
      day,
      collegeCode,
      status: r?.status ?? 'open',
      pass: r?.pass ?? 1,
      deadlines: Object.fromEntries(chainSteps.map((s) => [s, this.deadline(day, s)])),
      classes: classList,
      counts: {
        expected: classList.length,
        zero: classList.filter((c) => c.report === 'zero').length,
        changes: classList.filter((c) => c.report === 'changes').length,
        missing: classList.filter((c) => c.report === 'missing').length,
      },
      missingClasses: classList
        .filter((c) => c.report === 'missing')
        .map((c) => ({ classCode: c.classCode, name: c.name })),
      compilation: r?.compiled_at
        ? { by: r.compiled_by, at: iso(r.compiled_at), lateByMinutes: r.compile_late_by }
        : null,
      firstReview: approved
        ? { by: r.approved_by, at: iso(r.approved_at), lateByMinutes: r.approve_late_by }
        : null,
      submission:
        r?.status === 'submitted'
          ? { by: r.submitted_by, at: iso(r.submitted_at), lateByMinutes: r.submit_late_by }
          : null,
      missedDeadlines: missed.rows.map((m) => ({
        step: m.step,
        unitCode: m.unit_code,
        deadline: iso(m.deadline),
      })),
      log: steps.rows.map((s) => ({
        action: s.action,
        by: s.actor,
        at: iso(s.at),
        pass: s.pass,
        lateByMinutes: s.late_by_minutes,
        reason: s.reason,
      })),
    };
  }

  /** A student's check-in history, newest day first, amendments in order. */
  async studentCheckIns(studentNumber: string, limitDays: number) {
    const { rows } = await this.pool.query(
      `SELECT h.*, to_char(h.day, 'YYYY-MM-DD') AS day_text,
              (SELECT row_to_json(n) FROM (SELECT resolution, follow_ups FROM non_responders n
                 WHERE n.day = h.day AND n.student_number = h.student_number) n) AS non_responder
         FROM check_in_history h
        WHERE h.student_number = $1
          AND h.day >= (SELECT coalesce(max(day), current_date) FROM check_in_history WHERE student_number = $1) - $2::int
        ORDER BY h.day DESC, h.submission`,
      [studentNumber, limitDays],
    );
    return {
      studentNumber,
      checkIns: rows.map((h) => ({
        day: h.day_text,
        submission: h.submission,
        amended: h.submission > 1,
        location: h.location,
        health: { temperatureC: Number(h.temperature_c), symptoms: h.symptoms },
        exposure: h.exposure,
        abnormalReasons: h.abnormal_reasons,
        submittedBy: { actorId: h.submitted_by, role: h.submitter_role },
        submittedAt: iso(h.submitted_at),
        classCode: h.class_code,
      })),
    };
  }

  /**
   * Non-responders of a day: flagged at the class deadline; open until reached, explained or
   * checked in late. Filtered to the actor's scopes, a college, or one counsellor's classes.
   */
  async nonResponders(
    day: string,
    scopes: string[],
    filter: { collegeCode?: string; counsellorId?: string; openOnly?: boolean },
  ) {
    const { rows } = await this.pool.query(
      `SELECT n.student_number, s.name, n.class_code, n.college_code, n.flagged_at, n.follow_ups, n.resolution, n.resolved_at,
              c.first_at AS checked_in_at,
              coalesce((SELECT json_agg(json_build_object('staffId', st.staff_id, 'staffName', st.staff_name) ORDER BY st.staff_id)
                          FROM roster_staff st WHERE st.unit_code = n.class_code AND st.role = 'class-counsellor'), '[]') AS counsellors,
              coalesce((SELECT json_agg(json_build_object('attempt', f.attempt, 'channel', f.channel, 'reached', f.reached,
                                  'reason', f.reason, 'resolution', f.resolution, 'by', f.logged_by, 'at', f.logged_at) ORDER BY f.attempt)
                          FROM follow_ups f WHERE f.day = n.day AND f.student_number = n.student_number), '[]') AS attempts
         FROM non_responders n
         LEFT JOIN roster_students s ON s.student_number = n.student_number
         LEFT JOIN daily_check_ins c ON c.day = n.day AND c.student_number = n.student_number
        WHERE n.day = $1 AND ${visible('$2', 's.class_path')}
          AND ($3::text IS NULL OR n.college_code = $3)
          AND ($4::text IS NULL OR EXISTS (SELECT 1 FROM roster_staff st WHERE st.unit_code = n.class_code
                                            AND st.role = 'class-counsellor' AND st.staff_id = $4))
        ORDER BY n.college_code, n.class_code, n.student_number`,
      [day, scopes, filter.collegeCode ?? null, filter.counsellorId ?? null],
    );
    const students = rows
      .map((r) => ({
        studentNumber: r.student_number,
        name: r.name,
        classCode: r.class_code,
        collegeCode: r.college_code,
        counsellors: r.counsellors as { staffId: string; staffName: string }[],
        flaggedAt: iso(r.flagged_at),
        status: (r.resolution ?? (r.checked_in_at ? 'checked-in-late' : 'open')) as string,
        resolvedAt: iso(r.resolved_at ?? r.checked_in_at ?? null),
        followUps: r.attempts,
      }))
      .filter((s) => !filter.openOnly || s.status === 'open');
    const byCounsellor = new Map<
      string,
      { staffId: string; staffName: string; open: number; total: number }
    >();
    const byCollege = new Map<string, { collegeCode: string; open: number; total: number }>();
    for (const s of students) {
      const open = s.status === 'open' ? 1 : 0;
      const college = byCollege.get(s.collegeCode) ?? {
        collegeCode: s.collegeCode,
        open: 0,
        total: 0,
      };
      byCollege.set(s.collegeCode, {
        ...college,
        open: college.open + open,
        total: college.total + 1,
      });
      for (const c of s.counsellors.length
        ? s.counsellors
        : [{ staffId: '(none)', staffName: '(no counsellor)' }]) {
        const entry = byCounsellor.get(c.staffId) ?? { ...c, open: 0, total: 0 };
        byCounsellor.set(c.staffId, { ...entry, open: entry.open + open, total: entry.total + 1 });
      }
    }
    return {
      day,
      total: students.length,
      open: students.filter((s) => s.status === 'open').length,
      byCollege: [...byCollege.values()],
      byCounsellor: [...byCounsellor.values()],
      students,
    };
  }

  /** Abnormal check-ins of a day the actor sees. */
  async abnormal(day: string, scopes: string[]) {
    const { rows } = await this.pool.query(
      `SELECT a.student_number, a.class_code, a.college_code, a.reasons, a.temperature_c, a.symptoms, a.exposure, a.reported_at
         FROM abnormal_reports a LEFT JOIN roster_students s ON s.student_number = a.student_number
        WHERE a.day = $1 AND ${visible('$2', 's.class_path')} ORDER BY a.reported_at`,
      [day, scopes],
    );
    return rows.map((a) => ({
      studentNumber: a.student_number,
      classCode: a.class_code,
      collegeCode: a.college_code,
      reasons: a.reasons,
      temperatureC: Number(a.temperature_c),
      symptoms: a.symptoms,
      exposure: a.exposure,
      reportedAt: iso(a.reported_at),
    }));
  }

  /** Students flagged for repeating their answers word for word, flagged on a day. */
  async repetitive(day: string, scopes: string[]) {
    const { rows } = await this.pool.query(
      `SELECT f.student_number, f.class_code, f.college_code, to_char(f.since, 'YYYY-MM-DD') AS since, f.streak_days, f.flagged_at
         FROM repetition_flags f LEFT JOIN roster_students s ON s.student_number = f.student_number
        WHERE f.day = $1 AND ${visible('$2', 's.class_path')} ORDER BY f.class_code, f.student_number`,
      [day, scopes],
    );
    return rows.map((f) => ({
      studentNumber: f.student_number,
      classCode: f.class_code,
      collegeCode: f.college_code,
      since: f.since,
      streakDays: f.streak_days,
      flaggedAt: iso(f.flagged_at),
    }));
  }

  async notice(noticeId: string) {
    const { rows } = await this.pool.query(`SELECT * FROM notices WHERE notice_id = $1`, [
      noticeId,
    ]);
    const n = rows[0];
    if (!n) return null;
    return {
      noticeId: n.notice_id as string,
      title: n.title as string,
      body: n.body as string,
      audience: n.audience as {
        unitCode: string;
        line: 'academic' | 'residential';
        level: string;
      }[],
      publishedBy: n.published_by as string,
      publishedAt: iso(n.published_at),
    };
  }

  private audienceFilter(audience: { unitCode: string; line: string }[]) {
    return {
      academic: audience.filter((a) => a.line === 'academic').map((a) => a.unitCode),
      residential: audience.filter((a) => a.line === 'residential').map((a) => a.unitCode),
    };
  }

  /**
   * Who must acknowledge a notice is read now, not at publication: every student currently
   * under one of its units, so a student who joins the audience later is expected too.
   * Coverage by class and by building (off-campus students apart).
   */
  async noticeCoverage(noticeId: string, scopes: string[]) {
    const notice = await this.notice(noticeId);
    if (!notice) return null;
    const { academic, residential } = this.audienceFilter(notice.audience);
    const audience = `s.class_code IS NOT NULL AND (s.class_path && $2::text[] OR s.room_path && $3::text[])
      AND ${visible('$4', 's.class_path', 's.room_path')}`;
    const params = [noticeId, academic, residential, scopes];
    const [byClass, byBuilding] = await Promise.all([
      this.pool.query(
        `SELECT s.class_code AS unit, count(*)::int AS expected, count(a.student_number)::int AS acknowledged
           FROM roster_students s LEFT JOIN notice_acknowledgements a ON a.notice_id = $1 AND a.student_number = s.student_number
          WHERE ${audience} GROUP BY 1 ORDER BY 1`,
        params,
      ),
      this.pool.query(
        `SELECT coalesce(s.room_path[3], 'off-campus') AS unit, count(*)::int AS expected,
                count(a.student_number)::int AS acknowledged
           FROM roster_students s LEFT JOIN notice_acknowledgements a ON a.notice_id = $1 AND a.student_number = s.student_number
          WHERE ${audience} GROUP BY 1 ORDER BY 1`,
        params,
      ),
    ]);
    const withShare = (r: { unit: string; expected: number; acknowledged: number }) => ({
      ...r,
      coverage: r.expected === 0 ? 1 : Math.round((r.acknowledged / r.expected) * 10_000) / 10_000,
    });
    const expected = byClass.rows.reduce((n, r) => n + r.expected, 0);
    const acknowledged = byClass.rows.reduce((n, r) => n + r.acknowledged, 0);
    return {
      ...notice,
      expected,
      acknowledged,
      coverage: withShare({ unit: notice.noticeId, expected, acknowledged }).coverage,
      byClass: byClass.rows.map((r) => {
        const { unit, ...rest } = withShare(r);
        return { classCode: unit, ...rest };
      }),
      byBuilding: byBuilding.rows.map((r) => {
        const { unit, ...rest } = withShare(r);
        return { buildingCode: unit, ...rest };
      }),
    };
  }

  /** Students in a notice's audience (now) who have not acknowledged it. */
  async unacknowledged(noticeId: string, scopes: string[], limit: number, offset: number) {
    const notice = await this.notice(noticeId);
    if (!notice) return null;
    const { academic, residential } = this.audienceFilter(notice.audience);
    const where = `s.class_code IS NOT NULL AND (s.class_path && $2::text[] OR s.room_path && $3::text[])
      AND ${visible('$4', 's.class_path', 's.room_path')}
      AND NOT EXISTS (SELECT 1 FROM notice_acknowledgements a WHERE a.notice_id = $1 AND a.student_number = s.student_number)`;
    const params = [noticeId, academic, residential, scopes];
    const [page, count] = await Promise.all([
      this.pool.query(
        `SELECT s.student_number, s.name, s.class_code, s.room_path[3] AS building_code FROM roster_students s
          WHERE ${where} ORDER BY s.class_code, s.student_number LIMIT $5 OFFSET $6`,
        [...params, limit, offset],
      ),
      this.pool.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM roster_students s WHERE ${where}`,
        params,
      ),
    ]);
    return {
      noticeId,
      total: count.rows[0].n,
      students: page.rows.map((s) => ({
        studentNumber: s.student_number,
        name: s.name,
        classCode: s.class_code,
        buildingCode: s.building_code,
      })),
    };
  }

  /** Notices addressed to a student now, each with whether they acknowledged it. */
  async noticesFor(studentNumber: string) {
    const { rows } = await this.pool.query(
      `SELECT n.notice_id, n.title, n.published_at, a.acknowledged_at
         FROM roster_students s
         JOIN notices n ON EXISTS (
           SELECT 1 FROM jsonb_to_recordset(n.audience) AS u("unitCode" text, line text)
            WHERE (u.line = 'academic' AND u."unitCode" = ANY(s.class_path))
               OR (u.line = 'residential' AND u."unitCode" = ANY(coalesce(s.room_path, '{}'))))
         LEFT JOIN notice_acknowledgements a ON a.notice_id = n.notice_id AND a.student_number = s.student_number
        WHERE s.student_number = $1
        ORDER BY n.published_at DESC`,
      [studentNumber],
    );
    return rows.map((n) => ({
      noticeId: n.notice_id,
      title: n.title,
      publishedAt: iso(n.published_at),
      acknowledged: n.acknowledged_at !== null,
      acknowledgedAt: iso(n.acknowledged_at),
    }));
  }
}
