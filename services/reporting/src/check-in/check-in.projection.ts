import {
  reportingEventVersions,
  type CheckInSubmitted,
  type ReportingEvent,
  type RepetitiveCheckInsFlagged,
} from '@bulwark/contracts';
import type { InDatabaseProjection, RecordedEvent } from '@bulwark/event-store';
import type { PoolClient } from 'pg';
import { collegeOf } from '../rules/domain/roster-student';
import type { SliceProjection } from '../slice-projection';

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
    college_code: collegeOf(data.classPath),
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
 * Check-ins, abnormal reports and repetition flags. Check-ins and abnormal reports, the bulk
 * of the morning burst, are written per batch, set-based: one statement writes the check-ins'
 * history rows and the day's latest answers per student, one the abnormal reports (tables no
 * other event touches, so writing them after the batch's other events changes nothing).
 * Writes are idempotent, so a replay changes nothing.
 */
export class CheckInProjection implements SliceProjection {
  readonly types = [
    'CheckInSubmitted',
    'CheckInAmended',
    'AbnormalCheckInReported',
    'RepetitiveCheckInsFlagged',
  ] as const;

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
          college_code: collegeOf(d.classPath),
          reasons: d.reasons,
          temperature_c: d.temperatureC,
          symptoms: d.symptoms,
          exposure: d.exposure,
          reported_at: recorded.occurredAt.toISOString(),
        });
      } else if (event.type === 'RepetitiveCheckInsFlagged') {
        await this.writeRepetitionFlag(event.data, recorded.occurredAt, tx);
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

  private async writeRepetitionFlag(d: RepetitiveCheckInsFlagged, at: Date, tx: PoolClient) {
    await tx.query(
      `INSERT INTO repetition_flags (student_number, since, day, class_code, college_code, streak_days, flagged_at)
       SELECT $1, $2, $3, $4, coalesce(s.college_code, ''), $5, $6
         FROM (SELECT 1) one LEFT JOIN roster_replica_students s ON s.student_number = $1
       ON CONFLICT DO NOTHING`,
      [d.studentNumber, d.since, d.day, d.classCode, d.streakDays, at],
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
