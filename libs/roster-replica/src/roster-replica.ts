import { Inject, Injectable } from '@nestjs/common';
import type { RoomPurpose, StaffRole, UnitLevel } from '@bulwark/contracts';
import { PG_POOL } from '@bulwark/runtime';
import type { Pool } from 'pg';

export type RosterLine = 'academic' | 'residential';

/** A unit of either line: academic (university > college > grade > class) or residential. */
export interface ReplicaUnit {
  code: string;
  name: string;
  line: RosterLine;
  level: UnitLevel;
  parentCode: string | null;
  /** Codes from the root down to the unit itself. */
  path: string[];
}

/**
 * An enrolled student as the replica knows them (a student whose enrolment has not arrived
 * yet is not answered). Ethnicity and dietary need are null while unknown.
 */
export interface ReplicaStudent {
  studentNumber: string;
  name: string;
  classCode: string;
  /** university, college, grade, class. */
  classPath: string[];
  collegeCode: string;
  ethnicity: string | null;
  halal: boolean | null;
  onCampus: boolean;
  /** On campus: the room and its path (campus, community, building, floor, room). */
  roomCode: string | null;
  roomPath: string[] | null;
  /** Off campus: where. */
  province: string | null;
  city: string | null;
}

export interface ReservedRoom {
  roomCode: string;
  purpose: RoomPurpose;
  relocationId: string | null;
}

export interface StaffAssignment {
  unitCode: string;
  staffId: string;
  staffName: string;
  role: StaffRole;
}

const studentColumns = `student_number AS "studentNumber", name, class_code AS "classCode",
  class_path AS "classPath", college_code AS "collegeCode", ethnicity, halal,
  on_campus AS "onCampus", room_code AS "roomCode", room_path AS "roomPath", province, city`;
const unitColumns = `code, name, line, level, parent_code AS "parentCode", path`;
const staffColumns = `unit_code AS "unitCode", staff_id AS "staffId", staff_name AS "staffName", role`;
/**
 * For SQL that reads `roster_replica_staff` itself (a service's own views joining it): the
 * condition that a row, under `alias`, is a current assignment, not one undone later.
 */
export function currentStaffAssignment(alias?: string): string {
  const c = alias ? `${alias}.` : '';
  return `(${c}unassigned_version IS NULL OR ${c}unassigned_version < ${c}assigned_version)`;
}
const currentStaff = currentStaffAssignment();

/** Reads of the roster replica: eventually consistent with roster by the consumer's lag. */
@Injectable()
export class RosterReplica {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  /** An enrolled student by number, or null (unknown, or only a residence event so far). */
  async student(studentNumber: string): Promise<ReplicaStudent | null> {
    const { rows } = await this.pool.query<ReplicaStudent>(
      `SELECT ${studentColumns} FROM roster_replica_students
        WHERE student_number = $1 AND class_code IS NOT NULL`,
      [studentNumber],
    );
    return rows[0] ?? null;
  }

  /** Enrolled students in a room now, by number. */
  async roomOccupants(roomCode: string): Promise<ReplicaStudent[]> {
    const { rows } = await this.pool.query<ReplicaStudent>(
      `SELECT ${studentColumns} FROM roster_replica_students
        WHERE room_code = $1 AND on_campus AND class_code IS NOT NULL ORDER BY student_number`,
      [roomCode],
    );
    return rows;
  }

  async unit(code: string): Promise<ReplicaUnit | null> {
    return (await this.units([code])).get(code) ?? null;
  }

  async units(codes: readonly string[]): Promise<Map<string, ReplicaUnit>> {
    const { rows } = await this.pool.query<ReplicaUnit>(
      `SELECT ${unitColumns} FROM roster_replica_units WHERE code = ANY($1)`,
      [codes],
    );
    return new Map(rows.map((u) => [u.code, u]));
  }

  /** The units above a unit, from the root down (the unit itself left out). */
  async ancestors(code: string): Promise<ReplicaUnit[]> {
    const { rows } = await this.pool.query<ReplicaUnit>(
      `SELECT ${unitColumns} FROM roster_replica_units a
        WHERE a.code = ANY((SELECT u.path[1:cardinality(u.path) - 1] FROM roster_replica_units u WHERE u.code = $1)::text[])
        ORDER BY cardinality(a.path)`,
      [code],
    );
    return rows;
  }

  /** Every unit below a unit, on its line, by depth then code (the unit itself left out). */
  async descendants(code: string): Promise<ReplicaUnit[]> {
    const { rows } = await this.pool.query<ReplicaUnit>(
      `SELECT ${unitColumns} FROM roster_replica_units
        WHERE path @> ARRAY[$1::text] AND code <> $1 ORDER BY cardinality(path), code`,
      [code],
    );
    return rows;
  }

  /** Rooms kept out of normal use (isolation reserve, logistics staff), by code. */
  async reservedRooms(purpose?: RoomPurpose): Promise<ReservedRoom[]> {
    const { rows } = await this.pool.query<ReservedRoom>(
      `SELECT room_code AS "roomCode", purpose, relocation_id AS "relocationId"
         FROM roster_replica_reserved_rooms WHERE $1::text IS NULL OR purpose = $1 ORDER BY room_code`,
      [purpose ?? null],
    );
    return rows;
  }

  /** The staff assigned to a unit now, by role then id. */
  async staffOf(unitCode: string): Promise<StaffAssignment[]> {
    const { rows } = await this.pool.query<StaffAssignment>(
      `SELECT ${staffColumns} FROM roster_replica_staff
        WHERE unit_code = $1 AND ${currentStaff} ORDER BY role, staff_id`,
      [unitCode],
    );
    return rows;
  }

  /** The units a staff member is assigned to now, by unit then role. */
  async unitsOf(staffId: string): Promise<StaffAssignment[]> {
    const { rows } = await this.pool.query<StaffAssignment>(
      `SELECT ${staffColumns} FROM roster_replica_staff
        WHERE staff_id = $1 AND ${currentStaff} ORDER BY unit_code, role`,
      [staffId],
    );
    return rows;
  }
}
