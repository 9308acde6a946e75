import { Inject, Injectable } from '@nestjs/common';
import { PG_POOL } from '@bulwark/runtime';
import type { Pool } from 'pg';
import type { UnitView } from '../units/unit-queries';

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

/** The dual-line check, read from the students and units tables. */
@Injectable()
export class HeadCountQueries {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  /**
   * Head counts of the students under a unit, on both lines: by every academic unit (college,
   * grade, class) and by every residential unit (community, building, floor, room), with
   * off-campus students counted apart.
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
    // count(*) without GROUP BY always returns one row.
    const total = totals.rows[0]?.total ?? 0;
    const onCampusTotal = totals.rows[0]?.on_campus ?? 0;
    // Each line is summed from its own leaves (classes; rooms + off campus), not from one total.
    const classLeaves = await this.leafSum('class', byAcademic);
    const roomLeaves = await this.leafSum('room', byResidential);
    const offCampus = total - onCampusTotal;
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

  /** The sum of the counts of the units among `counts` that are of `level`. */
  private async leafSum(level: string, counts: Record<string, number>): Promise<number> {
    const codes = Object.keys(counts);
    if (codes.length === 0) return 0;
    const { rows } = await this.pool.query<{ code: string }>(
      'SELECT code FROM units WHERE code = ANY($1) AND level = $2',
      [codes, level],
    );
    return rows.reduce((sum, r) => sum + (counts[r.code] ?? 0), 0);
  }
}
