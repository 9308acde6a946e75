import { eventStoreMigrations, serviceDataSource } from '@bulwark/event-store';
import { messagingMigrations } from '@bulwark/messaging';
import { RosterReplica } from '@bulwark/roster-replica';
import { migrateService, testServiceConfig } from '@bulwark/runtime';
import { createTestDatabase, createTestNats } from '@bulwark/testing';
import { Pool } from 'pg';
import { reportingRuntime } from '../reporting.module';
import { CreateReportingReadModel1763870700000 } from './1763870700000-create-reporting-read-model';

/**
 * A database that ran reporting's first migration and holds a copy of the roster in the old
 * tables: migrating it to the roster replica carries the copy over, then drops the old tables.
 */
describe("reporting's roster copy moving to the roster replica (real PostgreSQL)", () => {
  it('carries units, staff and students over and drops the old tables', async () => {
    const db = await createTestDatabase('copymigration');
    const nats = await createTestNats('copymigration');
    const pool = new Pool({ connectionString: db.url, max: 2 });
    try {
      const before = await serviceDataSource({
        url: db.url,
        migrations: [
          ...eventStoreMigrations,
          ...messagingMigrations,
          CreateReportingReadModel1763870700000,
        ],
      }).initialize();
      await before.runMigrations({ transaction: 'each' });
      await before.destroy();
      await pool.query(`
        INSERT INTO roster_units (code, name, line, level, parent_code, path) VALUES
          ('uni', 'University', 'academic', 'university', NULL, '{uni}'),
          ('sem', 'Economics', 'academic', 'college', 'uni', '{uni,sem}')`);
      await pool.query(`INSERT INTO roster_staff (unit_code, staff_id, staff_name, role)
        VALUES ('sem', 'S-1', 'Secretary', 'league-secretary')`);
      await pool.query(`
        INSERT INTO roster_students (student_number, name, class_code, class_path, college_code,
          enrolled_version, room_code, room_path, on_campus, residence_version) VALUES
          ('A1', 'Student A1', 'sem-1', '{uni,sem,sem-2021,sem-1}', 'sem', 1, 'r101', '{c,cm,b,f,r101}', true, 2),
          ('A2', NULL, NULL, NULL, NULL, NULL, NULL, NULL, false, 3)`);

      const ran = await migrateService(reportingRuntime(), testServiceConfig(db.url, nats));
      expect(ran).toEqual(['CreateRosterReplica1796601600000', 'RosterCopyToReplica1796601660000']);

      const replica = new RosterReplica(pool);
      expect(await replica.student('A1')).toMatchObject({
        name: 'Student A1',
        classCode: 'sem-1',
        collegeCode: 'sem',
        roomCode: 'r101',
        onCampus: true,
        halal: null,
        ethnicity: null,
      });
      expect(await replica.student('A2')).toBeNull(); // no enrolment yet, as before
      const a2 = await pool.query(
        `SELECT residence_version, enrolled_version FROM roster_replica_students WHERE student_number = 'A2'`,
      );
      expect(a2.rows).toEqual([{ residence_version: 3, enrolled_version: null }]);
      expect((await replica.descendants('uni')).map((u) => u.code)).toEqual(['sem']);
      expect(await replica.staffOf('sem')).toEqual([
        { unitCode: 'sem', staffId: 'S-1', staffName: 'Secretary', role: 'league-secretary' },
      ]);
      const old = await pool.query(
        `SELECT count(*)::int AS n FROM pg_tables WHERE tablename IN ('roster_units', 'roster_staff', 'roster_students')`,
      );
      expect(old.rows).toEqual([{ n: 0 }]);
    } finally {
      await pool.end();
      await db.drop();
      await nats.removeStreams();
    }
  });
});
