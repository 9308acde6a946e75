import { Inject, Injectable } from '@nestjs/common';
import { PG_POOL } from '@bulwark/runtime';
import type { Pool } from 'pg';

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

export interface UnitView {
  code: string;
  name: string;
  line: 'academic' | 'residential';
  level: string;
  parentCode: string | null;
  path: string[];
  bedCapacity: number | null;
  occupancy: number | null;
  reservedFor: string | null;
  staff: { staffId: string; staffName: string; role: string }[];
}

/** Both lines over the same students: they must account for exactly the same people. */
export interface HeadCounts {
  unit: string;
  academic: { total: number; byUnit: Record<string, number> };
  residential: {
    total: number;
    onCampus: number;
    offCampus: number;
    byUnit: Record<string, number>;
  };
  /** True when the class line and the dorm line (plus off campus) total the same students. */
  linesAgree: boolean;
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

/** Reads of roster's read tables. */
@Injectable()
export class RosterQueries {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  async student(studentNumber: string): Promise<StudentView | null> {
    const { rows } = await this.pool.query<StudentRow>(
      'SELECT * FROM students WHERE student_number = $1',
      [studentNumber],
    );
    return rows[0] ? toStudentView(rows[0]) : null;
  }

  async unit(code: string): Promise<UnitView | null> {
    const { rows } = await this.pool.query(
      `SELECT u.*, (SELECT count(*)::int FROM students s WHERE s.room_code = u.code) AS occupancy,
              coalesce((SELECT json_agg(json_build_object('staffId', staff_id, 'staffName', staff_name, 'role', role)
                                        ORDER BY role, staff_id)
                          FROM unit_staff WHERE unit_code = u.code), '[]') AS staff
         FROM units u WHERE u.code = $1`,
      [code],
    );
    const u = rows[0];
    if (!u) return null;
    return {
      code: u.code,
      name: u.name,
      line: u.line,
      level: u.level,
      parentCode: u.parent_code,
      path: u.path,
      bedCapacity: u.bed_capacity,
      occupancy: u.level === 'room' ? u.occupancy : null,
      reservedFor: u.reserved_for,
      staff: u.staff,
    };
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
    return { total: count.rows[0].n, students: rows.map(toStudentView) };
  }

  /**
   * Head counts of the students under an academic unit, on both lines: by every academic unit
   * (college, grade, class) and by every residential unit (community, building, floor, room),
   * with off-campus students counted apart.
   */
  async headCounts(unit: UnitView): Promise<HeadCounts> {
    const column = unit.line === 'academic' ? 'class_path' : 'room_path';
    const scope = `${column} @> ARRAY[$1]::text[]`;
    const [academic, residential, totals] = await Promise.all([
      this.pool.query<{ code: string; n: number }>(
        `SELECT p AS code, count(*)::int AS n FROM students, unnest(class_path) p WHERE ${scope} GROUP BY p`,
        [unit.code],
      ),
      this.pool.query<{ code: string; n: number }>(
        `SELECT p AS code, count(*)::int AS n FROM students, unnest(room_path) p WHERE ${scope} GROUP BY p`,
        [unit.code],
      ),
      this.pool.query<{ total: number; on_campus: number; classes: number }>(
        `SELECT count(*)::int AS total, count(room_code)::int AS on_campus,
                count(DISTINCT class_code)::int AS classes FROM students WHERE ${scope}`,
        [unit.code],
      ),
    ]);
    const byAcademic = Object.fromEntries(academic.rows.map((r) => [r.code, r.n]));
    const byResidential = Object.fromEntries(residential.rows.map((r) => [r.code, r.n]));
    const { total, on_campus } = totals.rows[0];
    // Each line is summed from its own leaves (classes; rooms + off campus), not from one total.
    const classLeaves = await this.leafSum(Object.keys(byAcademic), 'class', byAcademic);
    const roomLeaves = await this.leafSum(Object.keys(byResidential), 'room', byResidential);
    const offCampus = total - on_campus;
    return {
      unit: unit.code,
      academic: { total: classLeaves, byUnit: byAcademic },
      residential: {
        total: roomLeaves + offCampus,
        onCampus: roomLeaves,
        offCampus,
        byUnit: byResidential,
      },
      linesAgree: classLeaves === roomLeaves + offCampus && classLeaves === total,
    };
  }

  private async leafSum(
    codes: string[],
    level: string,
    counts: Record<string, number>,
  ): Promise<number> {
    if (codes.length === 0) return 0;
    const { rows } = await this.pool.query<{ code: string }>(
      'SELECT code FROM units WHERE code = ANY($1) AND level = $2',
      [codes, level],
    );
    return rows.reduce((sum, r) => sum + counts[r.code], 0);
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
