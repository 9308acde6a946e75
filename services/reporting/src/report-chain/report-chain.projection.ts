import type { ReportingEvent } from '@bulwark/contracts';
import type { RecordedEvent } from '@bulwark/event-store';
import type { PoolClient } from 'pg';
import { EventByEventProjection } from '../slice-projection';

/** The day's report row of a college, opened by the first event that concerns it. */
export async function ensureCollegeReport(tx: PoolClient, day: string, collegeCode: string) {
  await tx.query(
    `INSERT INTO college_reports (day, college_code, status) VALUES ($1, $2, 'open') ON CONFLICT DO NOTHING`,
    [day, collegeCode],
  );
}

/**
 * Class reports, each college's report of the day and the log of its steps, in commit order;
 * idempotent: a replay changes nothing.
 */
export class ReportChainProjection extends EventByEventProjection {
  readonly types = [
    'ClassReportFiled',
    'CollegeReportCompiled',
    'CollegeReportApproved',
    'CollegeReportSentBack',
    'CollegeReportSubmitted',
    'CollegeReportReopened',
  ] as const;

  protected async applyEvent(event: ReportingEvent, recorded: RecordedEvent, tx: PoolClient) {
    const at = recorded.occurredAt;
    switch (event.type) {
      case 'ClassReportFiled': {
        const d = event.data;
        await tx.query(
          `INSERT INTO class_reports AS c (day, class_code, college_code, kind, changes, filed_by, filing,
             late_by_minutes, first_late_by_minutes, filed_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8, $9)
           ON CONFLICT (day, class_code) DO UPDATE SET kind = EXCLUDED.kind, changes = EXCLUDED.changes,
             filed_by = EXCLUDED.filed_by, filing = EXCLUDED.filing, late_by_minutes = EXCLUDED.late_by_minutes,
             filed_at = EXCLUDED.filed_at
           WHERE c.filing < EXCLUDED.filing`,
          [
            d.day,
            d.classCode,
            d.collegeCode,
            d.kind,
            JSON.stringify(d.changes),
            d.filedBy,
            d.filing,
            d.lateByMinutes,
            at,
          ],
        );
        await ensureCollegeReport(tx, d.day, d.collegeCode);
        await this.step(
          tx,
          recorded,
          d.day,
          d.collegeCode,
          `class report ${d.classCode} filed (${d.kind})`,
          d.filedBy,
          null,
          d.lateByMinutes,
          null,
        );
        return;
      }
      case 'CollegeReportCompiled': {
        const d = event.data;
        await ensureCollegeReport(tx, d.day, d.collegeCode);
        await tx.query(
          `UPDATE college_reports SET status = 'compiled', pass = $3, zero_reports = $4, reports_with_changes = $5,
             compiled_by = $6, compiled_at = $7, compile_late_by = $8,
             approved_by = NULL, approved_at = NULL, approve_late_by = NULL,
             submitted_by = NULL, submitted_at = NULL, submit_late_by = NULL
           WHERE day = $1 AND college_code = $2`,
          [
            d.day,
            d.collegeCode,
            d.pass,
            d.zeroReports,
            d.reportsWithChanges,
            d.compiledBy,
            at,
            d.lateByMinutes,
          ],
        );
        await this.step(
          tx,
          recorded,
          d.day,
          d.collegeCode,
          'compiled',
          d.compiledBy,
          d.pass,
          d.lateByMinutes,
          null,
        );
        return;
      }
      case 'CollegeReportApproved': {
        const d = event.data;
        await tx.query(
          `UPDATE college_reports SET status = 'approved', approved_by = $3, approved_at = $4, approve_late_by = $5
           WHERE day = $1 AND college_code = $2`,
          [d.day, d.collegeCode, d.approvedBy, at, d.lateByMinutes],
        );
        await this.step(
          tx,
          recorded,
          d.day,
          d.collegeCode,
          'approved',
          d.approvedBy,
          d.pass,
          d.lateByMinutes,
          null,
        );
        return;
      }
      case 'CollegeReportSentBack': {
        const d = event.data;
        await tx.query(
          `UPDATE college_reports SET status = 'sent-back', pass = $3 WHERE day = $1 AND college_code = $2`,
          [d.day, d.collegeCode, d.pass + 1],
        );
        await this.step(
          tx,
          recorded,
          d.day,
          d.collegeCode,
          `sent back (${d.step})`,
          d.sentBackBy,
          d.pass,
          null,
          d.reason,
        );
        return;
      }
      case 'CollegeReportSubmitted': {
        const d = event.data;
        await tx.query(
          `UPDATE college_reports SET status = 'submitted', submitted_by = $3, submitted_at = $4, submit_late_by = $5
           WHERE day = $1 AND college_code = $2`,
          [d.day, d.collegeCode, d.submittedBy, at, d.lateByMinutes],
        );
        await this.step(
          tx,
          recorded,
          d.day,
          d.collegeCode,
          'submitted',
          d.submittedBy,
          d.pass,
          d.lateByMinutes,
          null,
        );
        return;
      }
      case 'CollegeReportReopened': {
        const d = event.data;
        await tx.query(
          `UPDATE college_reports SET status = 'reopened', pass = $3 WHERE day = $1 AND college_code = $2`,
          [d.day, d.collegeCode, d.pass],
        );
        await this.step(
          tx,
          recorded,
          d.day,
          d.collegeCode,
          `reopened (was ${d.previousStatus})`,
          d.reopenedBy,
          d.pass,
          null,
          d.reason,
        );
        return;
      }
      default:
        return; // another slice's event
    }
  }

  private async step(
    tx: PoolClient,
    recorded: RecordedEvent,
    day: string,
    collegeCode: string,
    action: string,
    actor: string,
    pass: number | null,
    lateByMinutes: number | null,
    reason: string | null,
  ) {
    await tx.query(
      `INSERT INTO college_report_steps (event_id, position, day, college_code, action, actor, at, pass,
         late_by_minutes, reason)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT DO NOTHING`,
      [
        recorded.eventId,
        recorded.globalPosition.toString(),
        day,
        collegeCode,
        action,
        actor,
        recorded.occurredAt,
        pass,
        lateByMinutes,
        reason,
      ],
    );
  }
}
