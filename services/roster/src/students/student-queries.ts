import { Inject, Injectable } from '@nestjs/common';
import { PG_POOL } from '@bulwark/runtime';
import type { Pool } from 'pg';
import type { UnitView } from '../units/unit-queries';

export interface StudentView {
  studentNumber: string;
  name: string;
  studentType: string;
  classCode: string;
  classPath: string[];
  gender: string;
  ethnicity: string;
  halal: boolean;
  phone: string;
  residence:
    | { kind: 'on-campus'; roomCode: string; roomPath: string[] }
    | { kind: 'off-campus'; province: string; city: string; riskArea: boolean };
}

interface StudentRow {
  student_number: string;
  name: string;
  student_type: string;
  class_code: string;
  class_path: string[];
  gender: string;
  ethnicity: string;
  halal: boolean;
  phone: string;
  room_code: string | null;
  room_path: string[] | null;
  province: string | null;
  city: string | null;
  risk_area: boolean;
}

/** Reads of the students table. */
@Injectable()
export class StudentQueries {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  async student(studentNumber: string): Promise<StudentView | null> {
    const { rows } = await this.pool.query<StudentRow>(
      'SELECT * FROM students WHERE student_number = $1',
      [studentNumber],
    );
    const row = rows[0];
    return row ? toStudentView(row) : null;
  }

  /** Students under a unit on its own line (a class or college; a community, building or room). */
  async studentsOf(
    unit: UnitView,
    limit: number,
    offset: number,
  ): Promise<{ total: number; students: StudentView[] }> {
    const column = unit.line === 'academic' ? 'class_path' : 'room_path';
    const [{ rows }, count] = await Promise.all([
      this.pool.query<StudentRow>(
        `SELECT * FROM students WHERE ${column} @> ARRAY[$1]::text[] ORDER BY student_number LIMIT $2 OFFSET $3`,
        [unit.code, limit, offset],
      ),
      this.pool.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM students WHERE ${column} @> ARRAY[$1]::text[]`,
        [unit.code],
      ),
    ]);
    // count(*) without GROUP BY always returns one row.
    return { total: count.rows[0]?.n ?? 0, students: rows.map(toStudentView) };
  }
}

function toStudentView(r: StudentRow): StudentView {
  return {
    studentNumber: r.student_number,
    name: r.name,
    studentType: r.student_type,
    classCode: r.class_code,
    classPath: r.class_path,
    gender: r.gender,
    ethnicity: r.ethnicity,
    halal: r.halal,
    phone: r.phone,
    residence: r.room_code
      ? { kind: 'on-campus', roomCode: r.room_code, roomPath: r.room_path ?? [] }
      : {
          kind: 'off-campus',
          province: r.province ?? '',
          city: r.city ?? '',
          riskArea: r.risk_area,
        },
  };
}
