import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The roster replica's tables. Every fact carries the version, in its roster stream, of the
 * event that set it, so a late or repeated event never overwrites a newer one.
 */
export class CreateRosterReplica1796601600000 implements MigrationInterface {
  name = 'CreateRosterReplica1796601600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE roster_replica_units (
        code        text PRIMARY KEY,
        name        text NOT NULL,
        line        text NOT NULL CHECK (line IN ('academic', 'residential')),
        level       text NOT NULL,
        parent_code text,
        path        text[] NOT NULL
      )`);
    await q.query(
      `CREATE INDEX roster_replica_units_path ON roster_replica_units USING gin (path)`,
    );
    // An assignment is current while unassigned_version is null or older than assigned_version
    // (StaffUnassignedFromUnit, when roster publishes it, sets unassigned_version).
    await q.query(`
      CREATE TABLE roster_replica_staff (
        unit_code          text NOT NULL,
        staff_id           text NOT NULL,
        role               text NOT NULL,
        staff_name         text NOT NULL,
        assigned_version   integer NOT NULL,
        unassigned_version integer,
        PRIMARY KEY (unit_code, staff_id, role)
      )`);
    await q.query(`CREATE INDEX roster_replica_staff_staff ON roster_replica_staff (staff_id)`);
    // class_* are null until StudentEnrolled arrives (a residence event may come first);
    // halal and ethnicity are null until known.
    await q.query(`
      CREATE TABLE roster_replica_students (
        student_number    text PRIMARY KEY,
        name              text,
        class_code        text,
        class_path        text[],
        college_code      text,
        ethnicity         text,
        enrolled_version  integer,
        halal             boolean,
        dietary_version   integer NOT NULL DEFAULT 0,
        room_code         text,
        room_path         text[],
        province          text,
        city              text,
        on_campus         boolean NOT NULL DEFAULT false,
        residence_version integer NOT NULL DEFAULT 0,
        updated_at        timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      `CREATE INDEX roster_replica_students_class ON roster_replica_students (class_code)`,
    );
    await q.query(
      `CREATE INDEX roster_replica_students_college ON roster_replica_students (college_code)`,
    );
    await q.query(
      `CREATE INDEX roster_replica_students_room ON roster_replica_students (room_code)`,
    );
    await q.query(
      `CREATE INDEX roster_replica_students_room_path ON roster_replica_students USING gin (room_path)`,
    );
    await q.query(
      `CREATE INDEX roster_replica_students_class_path ON roster_replica_students USING gin (class_path)`,
    );
    await q.query(`
      CREATE TABLE roster_replica_reserved_rooms (
        room_code        text PRIMARY KEY,
        purpose          text NOT NULL,
        relocation_id    text,
        reserved_version integer NOT NULL
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'roster_replica_reserved_rooms',
      'roster_replica_students',
      'roster_replica_staff',
      'roster_replica_units',
    ]) {
      await q.query(`DROP TABLE IF EXISTS ${table}`);
    }
  }
}
