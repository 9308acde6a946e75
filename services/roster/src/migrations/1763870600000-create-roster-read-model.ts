import { MigrationInterface, QueryRunner } from 'typeorm';

/** Roster's read tables, kept by the roster projection from roster's own events. */
export class CreateRosterReadModel1763870600000 implements MigrationInterface {
  name = 'CreateRosterReadModel1763870600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE units (
        code          text PRIMARY KEY,
        name          text NOT NULL,
        line          text NOT NULL CHECK (line IN ('academic', 'residential')),
        level         text NOT NULL,
        parent_code   text,
        path          text[] NOT NULL,
        bed_capacity  integer,
        reserved_for  text
      )`);
    await q.query(`CREATE INDEX units_path ON units USING gin (path)`);
    await q.query(`
      CREATE TABLE unit_staff (
        unit_code  text NOT NULL,
        staff_id   text NOT NULL,
        staff_name text NOT NULL,
        role       text NOT NULL,
        PRIMARY KEY (unit_code, staff_id, role)
      )`);
    await q.query(`
      CREATE TABLE students (
        student_number text PRIMARY KEY,
        name           text NOT NULL,
        student_type   text NOT NULL,
        class_code     text NOT NULL,
        class_path     text[] NOT NULL,
        gender         text NOT NULL,
        ethnicity      text NOT NULL,
        halal          boolean NOT NULL,
        phone          text NOT NULL,
        room_code      text,
        room_path      text[],
        province       text,
        city           text,
        risk_area      boolean NOT NULL DEFAULT false,
        updated_at     timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX students_class_path ON students USING gin (class_path)`);
    await q.query(`CREATE INDEX students_room_path ON students USING gin (room_path)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE students');
    await q.query('DROP TABLE unit_staff');
    await q.query('DROP TABLE units');
  }
}
