import { Inject, Injectable } from '@nestjs/common';
import { currentStaffAssignment } from '@bulwark/roster-replica';
import { PG_POOL } from '@bulwark/runtime';
import type { Pool } from 'pg';
import { iso, visible } from '../access';

/** Non-responders of a day and every attempt to reach them. */
@Injectable()
export class NonResponderQueries {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  /**
   * Non-responders of a day: flagged at the class deadline; open until reached, explained or
   * checked in late. Filtered to the actor's scopes, a college, or one counsellor's classes.
   */
  async nonResponders(
    day: string,
    scopes: string[],
    filter: { collegeCode: string | null; counsellorId: string | null; openOnly: boolean },
  ) {
    const { rows } = await this.pool.query(
      `SELECT n.student_number, s.name, n.class_code, n.college_code, n.flagged_at, n.follow_ups, n.resolution, n.resolved_at,
              c.first_at AS checked_in_at,
              coalesce((SELECT json_agg(json_build_object('staffId', st.staff_id, 'staffName', st.staff_name) ORDER BY st.staff_id)
                          FROM roster_replica_staff st WHERE st.unit_code = n.class_code AND st.role = 'class-counsellor' AND ${currentStaffAssignment('st')}), '[]') AS counsellors,
              coalesce((SELECT json_agg(json_build_object('attempt', f.attempt, 'channel', f.channel, 'reached', f.reached,
                                  'reason', f.reason, 'resolution', f.resolution, 'by', f.logged_by, 'at', f.logged_at) ORDER BY f.attempt)
                          FROM follow_ups f WHERE f.day = n.day AND f.student_number = n.student_number), '[]') AS attempts
         FROM non_responders n
         LEFT JOIN roster_replica_students s ON s.student_number = n.student_number
         LEFT JOIN daily_check_ins c ON c.day = n.day AND c.student_number = n.student_number
        WHERE n.day = $1 AND ${visible('$2', 's.class_path')}
          AND ($3::text IS NULL OR n.college_code = $3)
          AND ($4::text IS NULL OR EXISTS (SELECT 1 FROM roster_replica_staff st WHERE st.unit_code = n.class_code
                                            AND st.role = 'class-counsellor' AND ${currentStaffAssignment('st')} AND st.staff_id = $4))
        ORDER BY n.college_code, n.class_code, n.student_number`,
      [day, scopes, filter.collegeCode, filter.counsellorId],
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
}
