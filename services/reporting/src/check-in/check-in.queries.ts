import { Inject, Injectable } from '@nestjs/common';
import { PG_POOL } from '@bulwark/runtime';
import type { Pool } from 'pg';
import { iso, visible } from '../access';

/** Reads of the check-in tables: a student's history, the day's abnormal and repetitive check-ins. */
@Injectable()
export class CheckInQueries {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

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

  /** Abnormal check-ins of a day the actor sees. */
  async abnormal(day: string, scopes: string[]) {
    const { rows } = await this.pool.query(
      `SELECT a.student_number, a.class_code, a.college_code, a.reasons, a.temperature_c, a.symptoms, a.exposure, a.reported_at
         FROM abnormal_reports a LEFT JOIN roster_replica_students s ON s.student_number = a.student_number
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
         FROM repetition_flags f LEFT JOIN roster_replica_students s ON s.student_number = f.student_number
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
}
