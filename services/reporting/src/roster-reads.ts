import { Inject, Injectable } from '@nestjs/common';
import { PG_POOL } from '@bulwark/runtime';
import type { Pool } from 'pg';
import type { ExpectedClass } from './report-chain/domain';
import type { KnownUnit } from './notices/domain';
import type { RosterStudent } from './rules/domain/roster-student';

export interface CopiedUnit extends KnownUnit {
  name: string;
}

/**
 * What reporting reads of the roster replica (`@bulwark/roster-replica`, its tables
 * `roster_replica_*`) and its own views together. A student is expected to report once their
 * enrolment is known (their class); a class is expected to report when it has such students.
 */
@Injectable()
export class RosterReads {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  async student(studentNumber: string): Promise<RosterStudent | null> {
    const { rows } = await this.pool.query<{
      class_code: string;
      class_path: string[];
      room_path: string[] | null;
    }>(
      `SELECT class_code, class_path, room_path FROM roster_replica_students
        WHERE student_number = $1 AND class_code IS NOT NULL`,
      [studentNumber],
    );
    const r = rows[0];
    return r
      ? { studentNumber, classCode: r.class_code, classPath: r.class_path, roomPath: r.room_path }
      : null;
  }

  async students(studentNumbers: string[]): Promise<Map<string, RosterStudent>> {
    const { rows } = await this.pool.query<{
      student_number: string;
      class_code: string;
      class_path: string[];
      room_path: string[] | null;
    }>({
      // Prepared once per connection: every batch of the morning burst's check-ins asks it.
      name: 'reporting_roster_replica_students',
      text: `SELECT student_number, class_code, class_path, room_path FROM roster_replica_students
        WHERE student_number = ANY($1) AND class_code IS NOT NULL`,
      values: [studentNumbers],
    });
    return new Map(
      rows.map((r) => [
        r.student_number,
        {
          studentNumber: r.student_number,
          classCode: r.class_code,
          classPath: r.class_path,
          roomPath: r.room_path,
        },
      ]),
    );
  }

  async unit(code: string): Promise<CopiedUnit | null> {
    return (await this.units([code])).get(code) ?? null;
  }

  async units(codes: string[]): Promise<Map<string, CopiedUnit>> {
    const { rows } = await this.pool.query<CopiedUnit>(
      `SELECT code, name, line, level, path FROM roster_replica_units WHERE code = ANY($1)`,
      [codes],
    );
    return new Map(rows.map((u) => [u.code, u]));
  }

  /** Students of a class on the roster now. */
  async studentsOfClass(classCode: string): Promise<Set<string>> {
    const { rows } = await this.pool.query<{ student_number: string }>(
      `SELECT student_number FROM roster_replica_students WHERE class_code = $1`,
      [classCode],
    );
    return new Set(rows.map((r) => r.student_number));
  }

  /** Classes of a college that have students, with their names, by code. */
  async expectedClasses(collegeCode: string): Promise<ExpectedClass[]> {
    const { rows } = await this.pool.query<{ class_code: string; name: string | null }>(
      `SELECT s.class_code, u.name FROM (SELECT DISTINCT class_code FROM roster_replica_students WHERE college_code = $1) s
         LEFT JOIN roster_replica_units u ON u.code = s.class_code ORDER BY s.class_code`,
      [collegeCode],
    );
    return rows.map((r) => ({ classCode: r.class_code, name: r.name ?? r.class_code }));
  }

  /** Colleges with students expected to report. */
  async collegesWithStudents(): Promise<string[]> {
    const { rows } = await this.pool.query<{ college_code: string }>(
      `SELECT DISTINCT college_code FROM roster_replica_students WHERE college_code IS NOT NULL ORDER BY college_code`,
    );
    return rows.map((r) => r.college_code);
  }

  /** Whether reporting was in use on a day: any check-in or class report recorded. */
  async activeOn(day: string): Promise<boolean> {
    const { rows } = await this.pool.query<{ active: boolean }>(
      `SELECT EXISTS (SELECT 1 FROM daily_check_ins WHERE day = $1)
           OR EXISTS (SELECT 1 FROM college_reports WHERE day = $1) AS active`,
      [day],
    );
    return rows[0]?.active ?? false;
  }

  /**
   * Expected students of a college with no check-in and no flag on a day in the read tables
   * (which may lag: the decision on each student's own stream has the last word).
   */
  async possibleNonResponders(collegeCode: string, day: string): Promise<string[]> {
    const { rows } = await this.pool.query<{ student_number: string }>(
      `SELECT s.student_number FROM roster_replica_students s
        WHERE s.college_code = $1
          AND NOT EXISTS (SELECT 1 FROM daily_check_ins c WHERE c.day = $2 AND c.student_number = s.student_number)
          AND NOT EXISTS (SELECT 1 FROM non_responders n WHERE n.day = $2 AND n.student_number = s.student_number)
        ORDER BY s.student_number`,
      [collegeCode, day],
    );
    return rows.map((r) => r.student_number);
  }
}
