import { Inject, Injectable } from '@nestjs/common';
import type { ChainStep } from '@bulwark/contracts';
import { PG_POOL } from '@bulwark/runtime';
import type { Pool } from 'pg';
import { iso, visible } from '../access';
import { REPORTING_SETTINGS } from '../clock';
import { deadlineOf } from '../rules/domain/rules';
import type { ReportingSettings } from '../settings';

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

/** The day for the prevention office: every college's students and report chain at a glance. */
@Injectable()
export class DayOverviewQueries {
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
           SELECT college_code, count(*)::int AS n FROM roster_replica_students s
            WHERE college_code IS NOT NULL AND ${visible('$2', 's.class_path')} GROUP BY 1),
         checked AS (
           SELECT s.college_code, count(*)::int AS n, count(*) FILTER (WHERE c.abnormal)::int AS abnormal
             FROM daily_check_ins c JOIN roster_replica_students s ON s.student_number = c.student_number
            WHERE c.day = $1 AND s.college_code IS NOT NULL AND ${visible('$2', 's.class_path')} GROUP BY 1),
         unreached AS (
           SELECT s.college_code, count(*)::int AS n
             FROM non_responders r JOIN roster_replica_students s ON s.student_number = r.student_number
            WHERE r.day = $1 AND r.resolution IS NULL AND s.college_code IS NOT NULL AND ${visible('$2', 's.class_path')}
              AND NOT EXISTS (SELECT 1 FROM daily_check_ins c WHERE c.day = r.day AND c.student_number = r.student_number)
            GROUP BY 1)
         SELECT e.college_code, coalesce(u.name, e.college_code) AS name, e.n AS expected,
                coalesce(c.n, 0) AS checked_in, coalesce(c.abnormal, 0) AS abnormal, coalesce(r.n, 0) AS unreached
           FROM expected e LEFT JOIN checked c USING (college_code) LEFT JOIN unreached r USING (college_code)
           LEFT JOIN roster_replica_units u ON u.code = e.college_code
          ORDER BY e.college_code`,
        [day, scopes],
      ),
      this.pool.query(
        `SELECT k.college_code, count(*)::int AS expected,
                count(*) FILTER (WHERE r.kind = 'zero')::int AS zero,
                count(*) FILTER (WHERE r.kind = 'changes')::int AS changes,
                count(*) FILTER (WHERE r.kind IS NULL)::int AS missing,
                count(*) FILTER (WHERE r.first_late_by_minutes > 0)::int AS late
           FROM (SELECT DISTINCT college_code, class_code FROM roster_replica_students WHERE college_code IS NOT NULL) k
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
}
