import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import { assertCoversUnit, type Actor } from '@bulwark/auth';
import { PG_POOL } from '@bulwark/runtime';
import type { Pool } from 'pg';

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

interface UnitRow {
  code: string;
  name: string;
  line: 'academic' | 'residential';
  level: string;
  parent_code: string | null;
  path: string[];
  bed_capacity: number | null;
  reserved_for: string | null;
  occupancy: number;
  staff: UnitView['staff'];
}

/** Reads of the units tables; a room's occupancy counts the students who sleep in it. */
@Injectable()
export class UnitQueries {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  async unit(code: string): Promise<UnitView | null> {
    const { rows } = await this.pool.query<UnitRow>(
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

  /** The unit, when it exists (404) and lies within the actor's scopes (403). */
  async visibleUnit(code: string, actor: Actor): Promise<UnitView> {
    const unit = await this.unit(code);
    if (!unit) {
      throw new NotFoundException({
        statusCode: 404,
        error: 'Not Found',
        message: `no unit ${code}`,
      });
    }
    assertCoversUnit(actor, unit.path, `read unit ${code}`);
    return unit;
  }
}
