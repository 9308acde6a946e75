import { Injectable } from '@nestjs/common';
import {
  reportingEventVersions,
  type CheckInSubmitted,
  type ReportingEvent,
} from '@bulwark/contracts';
import type { InDatabaseProjection, RecordedEvent, StoreProjection } from '@bulwark/event-store';
import type { PoolClient } from 'pg';

interface CheckInRow {
  student_number: string;
  day: string;
  submission: number;
  class_code: string;
  college_code: string;
  location: unknown;
  temperature_c: number;
  symptoms: unknown;
  exposure: string;
  abnormal_reasons: unknown;
  submitted_by: string;
  submitter_role: string;
  submitted_at: string;
}

const checkInColumns = `student_number text, day date, submission integer, class_code text, college_code text,
  location jsonb, temperature_c numeric, symptoms jsonb, exposure text, abnormal_reasons jsonb,
  submitted_by text, submitter_role text, submitted_at timestamptz`;

/**
 * Given the check-in rows as `r`: every one into the history, and each student's latest of
 * the day into the day's table. A later submission never loses to an earlier one, in the batch
 * (DISTINCT ON) or across batches (the WHERE of the update).
 */
const checkInWrites = `history AS (
    INSERT INTO check_in_history (student_number, day, submission, class_code, college_code, location,
      temperature_c, symptoms, exposure, abnormal_reasons, submitted_by, submitter_role, submitted_at)
    SELECT student_number, day, submission, class_code, college_code, location, temperature_c,
           symptoms, exposure, abnormal_reasons, submitted_by, submitter_role, submitted_at FROM r
    ON CONFLICT DO NOTHING
  )
  INSERT INTO daily_check_ins AS d (day, student_number, submissions, class_code, college_code, location,
    temperature_c, symptoms, exposure, abnormal, abnormal_reasons, submitted_by, submitter_role, first_at, last_at)
  SELECT DISTINCT ON (r.day, r.student_number)
         r.day, r.student_number, r.submission, r.class_code, r.college_code, r.location, r.temperature_c,
         r.symptoms, r.exposure, jsonb_array_length(r.abnormal_reasons) > 0, r.abnormal_reasons,
         r.submitted_by, r.submitter_role, r.submitted_at, r.submitted_at
    FROM r
   ORDER BY r.day, r.student_number, r.submission DESC
  ON CONFLICT (day, student_number) DO UPDATE SET
    submissions = EXCLUDED.submissions, class_code = EXCLUDED.class_code,
    college_code = EXCLUDED.college_code, location = EXCLUDED.location,
    temperature_c = EXCLUDED.temperature_c, symptoms = EXCLUDED.symptoms,
    exposure = EXCLUDED.exposure, abnormal = EXCLUDED.abnormal,
    abnormal_reasons = EXCLUDED.abnormal_reasons, submitted_by = EXCLUDED.submitted_by,
    submitter_role = EXCLUDED.submitter_role, last_at = EXCLUDED.last_at
  WHERE d.submissions < EXCLUDED.submissions`;

function checkInRow(data: CheckInSubmitted, submission: number, at: Date): CheckInRow {
  return {
    student_number: data.studentNumber,
    day: data.day,
    submission,
    class_code: data.classCode,
    college_code: data.classPath[1],
    location: data.location,
    temperature_c: data.health.temperatureC,
    symptoms: data.health.symptoms,
    exposure: data.exposure,
    abnormal_reasons: data.abnormalReasons,
    submitted_by: data.submittedBy.actorId,
    submitter_role: data.submittedBy.role,
    submitted_at: at.toISOString(),
  };
}

interface AbnormalRow {
  event_id: string;
  day: string;
  student_number: string;
  class_code: string;
  college_code: string;
  reasons: unknown;
  temperature_c: number;
  symptoms: unknown;
  exposure: string;
  reported_at: string;
}

/**
 * Keeps reporting's read tables from its own events, in commit order, in the transaction
 * that moves its checkpoint. Check-ins and abnormal reports, the bulk of the morning burst,
 * are written per batch, set-based: one statement writes the check-ins' history rows and the
 * day's latest answers per student, one the abnormal reports (tables no other event touches,
 * so writing them after the batch's other events changes nothing). Every other event is
 * written as it comes. Writes are idempotent, so a replay changes nothing.
 */
@Injectable()
export class ReportingProjection implements StoreProjection {
  readonly name = 'reporting-read-model-v1';

  /**
   * Check-ins and abnormal reports at today's schema versions are written by one statement
   * straight from the `events` rows: the morning burst's events are never read back into
   * the service, parsed, mapped and sent again (day 31 of a lockdown, measured: the service
   * README, session 7). `apply` below writes the same rows from events of other versions, upcast.
   * The statement reads today's versions' data: a new version of these contracts changes it.
   */
  readonly inDatabase: InDatabaseProjection = {
    kinds: (['CheckInSubmitted', 'CheckInAmended', 'AbnormalCheckInReported'] as const).map(
      (type) => ({ type, schemaVersion: reportingEventVersions[type] }),
    ),
    project: (globalPositions, tx) => projectCheckInsInDatabase(globalPositions, tx),
  };

  async apply(events: RecordedEvent[], tx: PoolClient): Promise<void> {
    const checkIns: CheckInRow[] = [];
    const abnormal: AbnormalRow[] = [];
    for (const recorded of events) {
      const event = { type: recorded.type, data: recorded.data } as ReportingEvent;
      if (event.type === 'CheckInSubmitted' || event.type === 'CheckInAmended') {
        const submission = event.type === 'CheckInAmended' ? event.data.amendment + 1 : 1;
        checkIns.push(checkInRow(event.data, submission, recorded.occurredAt));
      } else if (event.type === 'AbnormalCheckInReported') {
        const d = event.data;
        abnormal.push({
          event_id: recorded.eventId,
          day: d.day,
          student_number: d.studentNumber,
          class_code: d.classCode,
          college_code: d.classPath[1],
          reasons: d.reasons,
          temperature_c: d.temperatureC,
          symptoms: d.symptoms,
          exposure: d.exposure,
          reported_at: recorded.occurredAt.toISOString(),
        });
      } else {
        await this.applyOne(event, recorded, tx);
      }
    }
    if (checkIns.length > 0) await this.writeCheckIns(checkIns, tx);
    if (abnormal.length > 0) await this.writeAbnormalReports(abnormal, tx);
  }

  /** The batch's check-ins (events read into Node) into the history and the day's table. */
  private async writeCheckIns(rows: CheckInRow[], tx: PoolClient) {
    await tx.query({
      name: 'reporting_project_check_ins',
      text: `WITH r AS MATERIALIZED (
           SELECT * FROM jsonb_to_recordset($1::jsonb) AS r(${checkInColumns})
         ), ${checkInWrites}`,
      values: [JSON.stringify(rows)],
    });
  }

  private async writeAbnormalReports(rows: AbnormalRow[], tx: PoolClient) {
    await tx.query({
      name: 'reporting_project_abnormal_reports',
      text: `INSERT INTO abnormal_reports (event_id, day, student_number, class_code, college_code, reasons,
           temperature_c, symptoms, exposure, reported_at)
         SELECT * FROM jsonb_to_recordset($1::jsonb) AS r(event_id uuid, day date, student_number text,
           class_code text, college_code text, reasons jsonb, temperature_c numeric, symptoms jsonb,
           exposure text, reported_at timestamptz)
         ON CONFLICT DO NOTHING`,
      values: [JSON.stringify(rows)],
    });
  }

  private async applyOne(event: ReportingEvent, recorded: RecordedEvent, tx: PoolClient) {
    const at = recorded.occurredAt;
    switch (event.type) {
      case 'RepetitiveCheckInsFlagged': {
        const d = event.data;
        await tx.query(
          `INSERT INTO repetition_flags (student_number, since, day, class_code, college_code, streak_days, flagged_at)
           SELECT $1, $2, $3, $4, coalesce(s.college_code, ''), $5, $6
             FROM (SELECT 1) one LEFT JOIN roster_students s ON s.student_number = $1
           ON CONFLICT DO NOTHING`,
          [d.studentNumber, d.since, d.day, d.classCode, d.streakDays, at],
        );
        return;
      }
      case 'StudentFlaggedNonResponder': {
        const d = event.data;
        await tx.query(
          `INSERT INTO non_responders (day, student_number, class_code, college_code, deadline, flagged_at)
           VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING`,
          [d.day, d.studentNumber, d.classCode, d.classPath[1], d.deadline, at],
        );
        return;
      }
      case 'FollowUpLogged': {
        const d = event.data;
        const inserted = await tx.query(
          `INSERT INTO follow_ups (day, student_number, attempt, channel, reached, reason, resolution, logged_by, logged_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT DO NOTHING`,
          [
            d.day,
            d.studentNumber,
            d.attempt,
            d.channel,
            d.reached,
            d.reason,
            d.resolution,
            d.loggedBy,
            at,
          ],
        );
        if (inserted.rowCount === 0) return;
        await tx.query(
          `UPDATE non_responders SET follow_ups = follow_ups + 1,
             resolution = coalesce($3, resolution), resolved_at = CASE WHEN $3::text IS NULL THEN resolved_at ELSE $4 END
           WHERE day = $1 AND student_number = $2`,
          [d.day, d.studentNumber, d.resolution, at],
        );
        return;
      }
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
        await this.ensureCollegeReport(tx, d.day, d.collegeCode);
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
        await this.ensureCollegeReport(tx, d.day, d.collegeCode);
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
      case 'DeadlineMissed': {
        const d = event.data;
        await this.ensureCollegeReport(tx, d.day, d.collegeCode);
        await tx.query(
          `INSERT INTO missed_deadlines (day, step, unit_code, college_code, deadline, recorded_at)
           VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING`,
          [d.day, d.step, d.unitCode, d.collegeCode, d.deadline, at],
        );
        return;
      }
      case 'NoticePublished': {
        const d = event.data;
        await tx.query(
          `INSERT INTO notices (notice_id, title, body, audience, published_by, published_at)
           VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING`,
          [d.noticeId, d.title, d.body, JSON.stringify(d.audience), d.publishedBy, at],
        );
        return;
      }
      case 'NoticeAcknowledged':
        await tx.query(
          `INSERT INTO notice_acknowledgements (notice_id, student_number, acknowledged_at)
           VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
          [event.data.noticeId, event.data.studentNumber, at],
        );
        return;
      case 'CheckInSubmitted':
      case 'CheckInAmended':
      case 'AbnormalCheckInReported':
        return; // written per batch, above
    }
  }

  private async ensureCollegeReport(tx: PoolClient, day: string, collegeCode: string) {
    await tx.query(
      `INSERT INTO college_reports (day, college_code, status) VALUES ($1, $2, 'open') ON CONFLICT DO NOTHING`,
      [day, collegeCode],
    );
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

/**
 * The check-ins and abnormal reports at these positions, from the `events` rows, into the
 * same tables and by the same rules as `writeCheckIns` and `writeAbnormalReports` (the
 * reporting integration suite compares the two, row for row).
 */
async function projectCheckInsInDatabase(globalPositions: string[], tx: PoolClient) {
  await tx.query({
    name: 'reporting_project_check_ins_in_database',
    text: `WITH batch AS MATERIALIZED (
         SELECT event_id, type, data, occurred_at FROM events WHERE global_position = ANY ($1::bigint[])
       ), r AS MATERIALIZED (
         SELECT data->>'studentNumber' AS student_number, (data->>'day')::date AS day,
                CASE WHEN type = 'CheckInAmended' THEN (data->>'amendment')::integer + 1 ELSE 1 END AS submission,
                data->>'classCode' AS class_code, data->'classPath'->>1 AS college_code,
                data->'location' AS location, (data->'health'->>'temperatureC')::numeric AS temperature_c,
                data->'health'->'symptoms' AS symptoms, data->>'exposure' AS exposure,
                data->'abnormalReasons' AS abnormal_reasons, data->'submittedBy'->>'actorId' AS submitted_by,
                data->'submittedBy'->>'role' AS submitter_role, occurred_at AS submitted_at
           FROM batch WHERE type <> 'AbnormalCheckInReported'
       ), abnormal AS (
         INSERT INTO abnormal_reports (event_id, day, student_number, class_code, college_code, reasons,
           temperature_c, symptoms, exposure, reported_at)
         SELECT event_id, (data->>'day')::date, data->>'studentNumber', data->>'classCode',
                data->'classPath'->>1, data->'reasons', (data->>'temperatureC')::numeric,
                data->'symptoms', data->>'exposure', occurred_at
           FROM batch WHERE type = 'AbnormalCheckInReported'
         ON CONFLICT DO NOTHING
       ), ${checkInWrites}`,
    values: [globalPositions],
  });
}
