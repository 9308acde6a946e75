import { Inject, Injectable } from '@nestjs/common';
import { chainSteps, type ChainStep } from '@bulwark/contracts';
import { currentStaffAssignment } from '@bulwark/roster-replica';
import { PG_POOL } from '@bulwark/runtime';
import type { Pool } from 'pg';
import { iso } from '../access';
import { REPORTING_SETTINGS } from '../clock';
import { deadlineOf } from '../rules/domain/rules';
import type { ReportingSettings } from '../settings';

/** A class's report of a day as every view shows it: missing is a state, never a zero. */
export type ClassReportState = 'missing' | 'zero' | 'changes';

/** One college's report chain of a day, as the college's reviewers read it. */
@Injectable()
export class ReportChainQueries {
  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(REPORTING_SETTINGS) private readonly settings: ReportingSettings,
  ) {}

  private deadline(day: string, step: ChainStep): string {
    return deadlineOf(this.settings.rules, day, step).toISOString();
  }

  /** One college's chain of a day: every class (missing, zero or changes), every step, the log. */
  async collegeReport(day: string, collegeCode: string) {
    const [classes, report, steps, missed] = await Promise.all([
      this.pool.query(
        `SELECT k.class_code, coalesce(u.name, k.class_code) AS name, r.kind, r.changes, r.filed_by, r.filed_at,
                r.filing, r.late_by_minutes, r.first_late_by_minutes,
                coalesce((SELECT json_agg(json_build_object('staffId', st.staff_id, 'staffName', st.staff_name) ORDER BY st.staff_id)
                            FROM roster_replica_staff st WHERE st.unit_code = k.class_code AND st.role = 'class-counsellor' AND ${currentStaffAssignment('st')}), '[]') AS counsellors,
                (SELECT count(*)::int FROM daily_check_ins c WHERE c.day = $1 AND c.class_code = k.class_code AND c.abnormal) AS abnormal
           FROM (SELECT DISTINCT class_code FROM roster_replica_students WHERE college_code = $2
                 UNION SELECT class_code FROM class_reports WHERE day = $1 AND college_code = $2) k
           LEFT JOIN roster_replica_units u ON u.code = k.class_code
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
}
