import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Reporting's copy of the roster moves to the roster replica (`@bulwark/roster-replica`,
 * created just before by the lib's own migration). What the old tables hold is carried over,
 * so reporting answers the same before the replica's consumer has seen anything; the facts
 * the old copy never kept (ethnicity, dietary need, reserved rooms) stay unknown until roster
 * publishes them again or the durable `reporting-roster` is reset to replay ROSTER. Then the
 * old tables, read by nothing any more, are dropped.
 */
export class RosterCopyToReplica1796601660000 implements MigrationInterface {
  name = 'RosterCopyToReplica1796601660000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      INSERT INTO roster_replica_units (code, name, line, level, parent_code, path)
      SELECT code, name, line, level, parent_code, path FROM roster_units
      ON CONFLICT (code) DO NOTHING`);
    // Version 0: any StaffAssignedToUnit or unassignment of the unit's stream comes after it.
    await q.query(`
      INSERT INTO roster_replica_staff (unit_code, staff_id, role, staff_name, assigned_version)
      SELECT unit_code, staff_id, role, staff_name, 0 FROM roster_staff
      ON CONFLICT (unit_code, staff_id, role) DO NOTHING`);
    await q.query(`
      INSERT INTO roster_replica_students (student_number, name, class_code, class_path, college_code,
        enrolled_version, room_code, room_path, province, city, on_campus, residence_version, updated_at)
      SELECT student_number, name, class_code, class_path, college_code, enrolled_version, room_code,
             room_path, province, city, on_campus, residence_version, updated_at
        FROM roster_students
      ON CONFLICT (student_number) DO NOTHING`);
    await q.query(`DROP TABLE roster_students`);
    await q.query(`DROP TABLE roster_staff`);
    await q.query(`DROP TABLE roster_units`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE roster_units (
        code        text PRIMARY KEY,
        name        text NOT NULL,
        line        text NOT NULL CHECK (line IN ('academic', 'residential')),
        level       text NOT NULL,
        parent_code text,
        path        text[] NOT NULL
      )`);
    await q.query(`
      CREATE TABLE roster_staff (
        unit_code  text NOT NULL,
        staff_id   text NOT NULL,
        staff_name text NOT NULL,
        role       text NOT NULL,
        PRIMARY KEY (unit_code, staff_id, role)
      )`);
    await q.query(`CREATE INDEX roster_staff_staff ON roster_staff (staff_id)`);
    await q.query(`
      CREATE TABLE roster_students (
        student_number    text PRIMARY KEY,
        name              text,
        class_code        text,
        class_path        text[],
        college_code      text,
        enrolled_version  integer,
        room_code         text,
        room_path         text[],
        province          text,
        city              text,
        on_campus         boolean NOT NULL DEFAULT false,
        residence_version integer NOT NULL DEFAULT 0,
        updated_at        timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX roster_students_class ON roster_students (class_code)`);
    await q.query(`CREATE INDEX roster_students_college ON roster_students (college_code)`);
    await q.query(
      `CREATE INDEX roster_students_room_path ON roster_students USING gin (room_path)`,
    );
    await q.query(
      `CREATE INDEX roster_students_class_path ON roster_students USING gin (class_path)`,
    );
  }
}
