import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Reporting's read tables: its copy of the roster (kept by the roster consumer) and the views
 * of its own events (kept by the reporting projection).
 */
export class CreateReportingReadModel1763870700000 implements MigrationInterface {
  name = 'CreateReportingReadModel1763870700000';

  async up(q: QueryRunner): Promise<void> {
    // --- the copy of the roster -------------------------------------------------------
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
    // class_* are null until StudentEnrolled arrives (a residence event may come first).
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

    // --- check-ins ----------------------------------------------------------------------
    await q.query(`
      CREATE TABLE check_in_history (
        student_number   text        NOT NULL,
        day              date        NOT NULL,
        submission       integer     NOT NULL,
        class_code       text        NOT NULL,
        college_code     text        NOT NULL,
        location         jsonb       NOT NULL,
        temperature_c    numeric(4,1) NOT NULL,
        symptoms         jsonb       NOT NULL,
        exposure         text        NOT NULL,
        abnormal_reasons jsonb       NOT NULL,
        submitted_by     text        NOT NULL,
        submitter_role   text        NOT NULL,
        submitted_at     timestamptz NOT NULL,
        PRIMARY KEY (student_number, day, submission)
      )`);
    // The day's answers as last submitted: one row per student and day.
    await q.query(`
      CREATE TABLE daily_check_ins (
        day              date        NOT NULL,
        student_number   text        NOT NULL,
        submissions      integer     NOT NULL,
        class_code       text        NOT NULL,
        college_code     text        NOT NULL,
        location         jsonb       NOT NULL,
        temperature_c    numeric(4,1) NOT NULL,
        symptoms         jsonb       NOT NULL,
        exposure         text        NOT NULL,
        abnormal         boolean     NOT NULL,
        abnormal_reasons jsonb       NOT NULL,
        submitted_by     text        NOT NULL,
        submitter_role   text        NOT NULL,
        first_at         timestamptz NOT NULL,
        last_at          timestamptz NOT NULL,
        PRIMARY KEY (day, student_number)
      )`);
    await q.query(`CREATE INDEX daily_check_ins_college ON daily_check_ins (day, college_code)`);
    await q.query(`
      CREATE TABLE abnormal_reports (
        event_id       uuid PRIMARY KEY,
        day            date        NOT NULL,
        student_number text        NOT NULL,
        class_code     text        NOT NULL,
        college_code   text        NOT NULL,
        reasons        jsonb       NOT NULL,
        temperature_c  numeric(4,1) NOT NULL,
        symptoms       jsonb       NOT NULL,
        exposure       text        NOT NULL,
        reported_at    timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX abnormal_reports_day ON abnormal_reports (day, college_code)`);
    await q.query(`
      CREATE TABLE repetition_flags (
        student_number text        NOT NULL,
        since          date        NOT NULL,
        day            date        NOT NULL,
        class_code     text        NOT NULL,
        college_code   text        NOT NULL,
        streak_days    integer     NOT NULL,
        flagged_at     timestamptz NOT NULL,
        PRIMARY KEY (student_number, since)
      )`);
    await q.query(`CREATE INDEX repetition_flags_day ON repetition_flags (day, college_code)`);

    // --- non-responders and follow-ups -------------------------------------------------
    await q.query(`
      CREATE TABLE non_responders (
        day            date        NOT NULL,
        student_number text        NOT NULL,
        class_code     text        NOT NULL,
        college_code   text        NOT NULL,
        deadline       timestamptz NOT NULL,
        flagged_at     timestamptz NOT NULL,
        follow_ups     integer     NOT NULL DEFAULT 0,
        resolution     text,
        resolved_at    timestamptz,
        PRIMARY KEY (day, student_number)
      )`);
    await q.query(`CREATE INDEX non_responders_college ON non_responders (day, college_code)`);
    await q.query(`
      CREATE TABLE follow_ups (
        day            date        NOT NULL,
        student_number text        NOT NULL,
        attempt        integer     NOT NULL,
        channel        text        NOT NULL,
        reached        boolean     NOT NULL,
        reason         text,
        resolution     text,
        logged_by      text        NOT NULL,
        logged_at      timestamptz NOT NULL,
        PRIMARY KEY (day, student_number, attempt)
      )`);

    // --- the report chain ----------------------------------------------------------------
    await q.query(`
      CREATE TABLE class_reports (
        day                   date        NOT NULL,
        class_code            text        NOT NULL,
        college_code          text        NOT NULL,
        kind                  text        NOT NULL CHECK (kind IN ('zero', 'changes')),
        changes               jsonb       NOT NULL,
        filed_by              text        NOT NULL,
        filing                integer     NOT NULL,
        late_by_minutes       integer     NOT NULL,
        first_late_by_minutes integer     NOT NULL,
        filed_at              timestamptz NOT NULL,
        PRIMARY KEY (day, class_code)
      )`);
    await q.query(`CREATE INDEX class_reports_college ON class_reports (day, college_code)`);
    await q.query(`
      CREATE TABLE college_reports (
        day                  date        NOT NULL,
        college_code         text        NOT NULL,
        status               text        NOT NULL,
        pass                 integer     NOT NULL DEFAULT 1,
        zero_reports         integer,
        reports_with_changes integer,
        compiled_by          text,
        compiled_at          timestamptz,
        compile_late_by      integer,
        approved_by          text,
        approved_at          timestamptz,
        approve_late_by      integer,
        submitted_by         text,
        submitted_at         timestamptz,
        submit_late_by       integer,
        PRIMARY KEY (day, college_code)
      )`);
    // Every step of every pass: who did what, when, how late, and why (send-back, reopen).
    await q.query(`
      CREATE TABLE college_report_steps (
        event_id        uuid PRIMARY KEY,
        position        bigint      NOT NULL,
        day             date        NOT NULL,
        college_code    text        NOT NULL,
        action          text        NOT NULL,
        actor           text        NOT NULL,
        at              timestamptz NOT NULL,
        pass            integer,
        late_by_minutes integer,
        reason          text
      )`);
    await q.query(
      `CREATE INDEX college_report_steps_day ON college_report_steps (day, college_code, position)`,
    );
    await q.query(`
      CREATE TABLE missed_deadlines (
        day          date        NOT NULL,
        step         text        NOT NULL,
        unit_code    text        NOT NULL,
        college_code text        NOT NULL,
        deadline     timestamptz NOT NULL,
        recorded_at  timestamptz NOT NULL,
        PRIMARY KEY (day, step, unit_code)
      )`);

    // --- notices --------------------------------------------------------------------------
    await q.query(`
      CREATE TABLE notices (
        notice_id    text PRIMARY KEY,
        title        text        NOT NULL,
        body         text        NOT NULL,
        audience     jsonb       NOT NULL,
        published_by text        NOT NULL,
        published_at timestamptz NOT NULL
      )`);
    await q.query(`
      CREATE TABLE notice_acknowledgements (
        notice_id       text        NOT NULL,
        student_number  text        NOT NULL,
        acknowledged_at timestamptz NOT NULL,
        PRIMARY KEY (notice_id, student_number)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'notice_acknowledgements',
      'notices',
      'missed_deadlines',
      'college_report_steps',
      'college_reports',
      'class_reports',
      'follow_ups',
      'non_responders',
      'repetition_flags',
      'abnormal_reports',
      'daily_check_ins',
      'check_in_history',
      'roster_students',
      'roster_staff',
      'roster_units',
    ]) {
      await q.query(`DROP TABLE ${table}`);
    }
  }
}
