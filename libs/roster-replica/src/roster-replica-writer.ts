import type {
  AcademicUnitCreated,
  DietaryNeedRecorded,
  ResidentialUnitCreated,
  RoomReserved,
  StaffRole,
  StaffAssignedToUnit,
  StudentAssignedToRoom,
  StudentEnrolled,
  StudentLeftCampus,
  StudentReturnedToCampus,
} from '@bulwark/contracts';
import type { PoolClient } from 'pg';

/** A staff unassignment as the replica needs it (roster's `StaffUnassignedFromUnit`). */
export interface StaffUnassignment {
  unitCode: string;
  staffId: string;
  role: StaffRole;
}

/**
 * Writes the roster replica. Every write tolerates repeats and disorder: a unit is inserted
 * once; every other fact keeps the version (in its roster stream, the envelope's
 * `streamversion`) of the event that set it and yields only to a higher one. A student's
 * class comes only from StudentEnrolled, their residence from the newest residence event,
 * their dietary need from the newest of StudentEnrolled and DietaryNeedRecorded. An event
 * about a student that arrives before the enrolment leaves a row without a class.
 */
export const rosterReplicaWriter = {
  async unitCreated(
    tx: PoolClient,
    line: 'academic' | 'residential',
    data: AcademicUnitCreated | ResidentialUnitCreated,
  ): Promise<void> {
    await tx.query(
      `INSERT INTO roster_replica_units (code, name, line, level, parent_code, path)
       VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (code) DO NOTHING`,
      [data.code, data.name, line, data.level, data.parentCode, data.path],
    );
  },

  async staffAssigned(tx: PoolClient, data: StaffAssignedToUnit, version: number): Promise<void> {
    await tx.query(
      `INSERT INTO roster_replica_staff AS s (unit_code, staff_id, role, staff_name, assigned_version)
       VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (unit_code, staff_id, role) DO UPDATE SET
         staff_name = EXCLUDED.staff_name, assigned_version = EXCLUDED.assigned_version
       WHERE s.assigned_version < EXCLUDED.assigned_version`,
      [data.unitCode, data.staffId, data.role, data.staffName, version],
    );
  },

  /** An unassignment that arrives before its assignment leaves a row the assignment fills. */
  async staffUnassigned(tx: PoolClient, data: StaffUnassignment, version: number): Promise<void> {
    await tx.query(
      `INSERT INTO roster_replica_staff AS s (unit_code, staff_id, role, staff_name, assigned_version, unassigned_version)
       VALUES ($1, $2, $3, '', 0, $4)
       ON CONFLICT (unit_code, staff_id, role) DO UPDATE SET unassigned_version = EXCLUDED.unassigned_version
       WHERE s.unassigned_version IS NULL OR s.unassigned_version < EXCLUDED.unassigned_version`,
      [data.unitCode, data.staffId, data.role, version],
    );
  },

  async studentEnrolled(tx: PoolClient, data: StudentEnrolled, version: number): Promise<void> {
    const r = data.residence;
    const onCampus = r.kind === 'on-campus';
    await tx.query(
      `INSERT INTO roster_replica_students AS s (student_number, name, class_code, class_path, college_code,
         ethnicity, enrolled_version, halal, dietary_version, room_code, room_path, province, city,
         on_campus, residence_version)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $7, $9, $10, $11, $12, $13, $7)
       ON CONFLICT (student_number) DO UPDATE SET
         name = EXCLUDED.name, class_code = EXCLUDED.class_code, class_path = EXCLUDED.class_path,
         college_code = EXCLUDED.college_code, ethnicity = EXCLUDED.ethnicity,
         enrolled_version = EXCLUDED.enrolled_version,
         halal = CASE WHEN s.dietary_version < EXCLUDED.dietary_version THEN EXCLUDED.halal ELSE s.halal END,
         dietary_version = GREATEST(s.dietary_version, EXCLUDED.dietary_version),
         room_code = CASE WHEN s.residence_version < EXCLUDED.residence_version THEN EXCLUDED.room_code ELSE s.room_code END,
         room_path = CASE WHEN s.residence_version < EXCLUDED.residence_version THEN EXCLUDED.room_path ELSE s.room_path END,
         province = CASE WHEN s.residence_version < EXCLUDED.residence_version THEN EXCLUDED.province ELSE s.province END,
         city = CASE WHEN s.residence_version < EXCLUDED.residence_version THEN EXCLUDED.city ELSE s.city END,
         on_campus = CASE WHEN s.residence_version < EXCLUDED.residence_version THEN EXCLUDED.on_campus ELSE s.on_campus END,
         residence_version = GREATEST(s.residence_version, EXCLUDED.residence_version),
         updated_at = now()
       WHERE s.enrolled_version IS NULL OR s.enrolled_version < EXCLUDED.enrolled_version`,
      [
        data.studentNumber,
        data.name,
        data.classCode,
        data.classPath,
        data.classPath[1] ?? null,
        data.ethnicity,
        version,
        data.halal,
        onCampus ? r.roomCode : null,
        onCampus ? r.roomPath : null,
        onCampus ? null : r.province,
        onCampus ? null : r.city,
        onCampus,
      ],
    );
  },

  async residenceChanged(
    tx: PoolClient,
    data: StudentAssignedToRoom | StudentReturnedToCampus | StudentLeftCampus,
    version: number,
  ): Promise<void> {
    const onCampus = 'roomCode' in data;
    await tx.query(
      `INSERT INTO roster_replica_students AS s (student_number, room_code, room_path, province, city, on_campus, residence_version)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (student_number) DO UPDATE SET
         room_code = EXCLUDED.room_code, room_path = EXCLUDED.room_path, province = EXCLUDED.province,
         city = EXCLUDED.city, on_campus = EXCLUDED.on_campus, residence_version = EXCLUDED.residence_version,
         updated_at = now()
       WHERE s.residence_version < EXCLUDED.residence_version`,
      [
        data.studentNumber,
        onCampus ? data.roomCode : null,
        onCampus ? data.roomPath : null,
        onCampus ? null : data.province,
        onCampus ? null : data.city,
        onCampus,
        version,
      ],
    );
  },

  async dietaryNeedRecorded(
    tx: PoolClient,
    data: DietaryNeedRecorded,
    version: number,
  ): Promise<void> {
    await tx.query(
      `INSERT INTO roster_replica_students AS s (student_number, halal, dietary_version)
       VALUES ($1, $2, $3)
       ON CONFLICT (student_number) DO UPDATE SET
         halal = EXCLUDED.halal, dietary_version = EXCLUDED.dietary_version, updated_at = now()
       WHERE s.dietary_version < EXCLUDED.dietary_version`,
      [data.studentNumber, data.halal, version],
    );
  },

  async roomReserved(tx: PoolClient, data: RoomReserved, version: number): Promise<void> {
    await tx.query(
      `INSERT INTO roster_replica_reserved_rooms AS r (room_code, purpose, relocation_id, reserved_version)
       VALUES ($1, $2, $3, $4)
       ON CONFLICT (room_code) DO UPDATE SET
         purpose = EXCLUDED.purpose, relocation_id = EXCLUDED.relocation_id,
         reserved_version = EXCLUDED.reserved_version
       WHERE r.reserved_version < EXCLUDED.reserved_version`,
      [data.roomCode, data.purpose, data.relocationId, version],
    );
  },
};
