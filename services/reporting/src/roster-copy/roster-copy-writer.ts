import type {
  AcademicUnitCreated,
  ResidentialUnitCreated,
  StaffAssignedToUnit,
  StudentAssignedToRoom,
  StudentEnrolled,
  StudentLeftCampus,
  StudentReturnedToCampus,
} from '@bulwark/contracts';
import type { PoolClient } from 'pg';

type Residence =
  | { onCampus: true; roomCode: string; roomPath: string[] }
  | { onCampus: false; province: string; city: string };

/**
 * Writes reporting's copy of the roster. Every write is tolerant of duplicates and of order:
 * a unit or a staff assignment is inserted once; a student's class comes only from
 * StudentEnrolled, their residence from whichever residence event has the highest version of
 * the student's roster stream (the envelope's `streamversion`), so a late or repeated event
 * never overwrites a newer fact. A residence event that arrives before the enrolment leaves
 * a row without a class: the student is expected once StudentEnrolled arrives.
 */
export const rosterCopyWriter = {
  async unitCreated(
    tx: PoolClient,
    line: 'academic' | 'residential',
    data: AcademicUnitCreated | ResidentialUnitCreated,
  ): Promise<void> {
    await tx.query(
      `INSERT INTO roster_units (code, name, line, level, parent_code, path) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (code) DO NOTHING`,
      [data.code, data.name, line, data.level, data.parentCode, data.path],
    );
  },

  async staffAssigned(tx: PoolClient, data: StaffAssignedToUnit): Promise<void> {
    await tx.query(
      `INSERT INTO roster_staff (unit_code, staff_id, staff_name, role) VALUES ($1, $2, $3, $4)
       ON CONFLICT DO NOTHING`,
      [data.unitCode, data.staffId, data.staffName, data.role],
    );
  },

  async studentEnrolled(tx: PoolClient, data: StudentEnrolled, version: number): Promise<void> {
    const r = data.residence;
    const residence: Residence =
      r.kind === 'on-campus'
        ? { onCampus: true, roomCode: r.roomCode, roomPath: r.roomPath }
        : { onCampus: false, province: r.province, city: r.city };
    await tx.query(
      `INSERT INTO roster_students AS s (student_number, name, class_code, class_path, college_code,
         enrolled_version, room_code, room_path, province, city, on_campus, residence_version)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $6)
       ON CONFLICT (student_number) DO UPDATE SET
         name = EXCLUDED.name, class_code = EXCLUDED.class_code, class_path = EXCLUDED.class_path,
         college_code = EXCLUDED.college_code, enrolled_version = EXCLUDED.enrolled_version,
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
        data.classPath[1],
        version,
        residence.onCampus ? residence.roomCode : null,
        residence.onCampus ? residence.roomPath : null,
        residence.onCampus ? null : residence.province,
        residence.onCampus ? null : residence.city,
        residence.onCampus,
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
      `INSERT INTO roster_students AS s (student_number, room_code, room_path, province, city, on_campus, residence_version)
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
};
