import { eventStoreMigrations, serviceDataSource } from '@bulwark/event-store';
import { createTestDatabase, expectEventually, TestDatabase } from '@bulwark/testing';
import { Pool } from 'pg';
import { LogAppender } from '../log/log-appender';
import { auditMigrations } from '../migrations';
import { EventBatches } from '../test-support/event-batches';
import { viewTable } from '../views/view-catalogue';
import { ViewVersions } from './view-versions';

/**
 * A blue/green switch while ingestion commits: the batch that waits for the chain head while
 * the rebuild holds it must feed the version that is live once it gets the head, i.e. the new
 * one. The interleaving is forced, not hoped for: the rebuild is held inside its switch until
 * the batch's transaction is seen waiting on the head's lock.
 */
describe('rebuild: the blue/green switch against ingestion (real PostgreSQL)', () => {
  let db: TestDatabase;
  let pool: Pool;
  const events = new EventBatches();

  beforeAll(async () => {
    db = await createTestDatabase('audit_switch');
    const ds = await serviceDataSource({
      url: db.url,
      migrations: [...eventStoreMigrations, ...auditMigrations],
    }).initialize();
    await ds.runMigrations({ transaction: 'each' });
    await ds.destroy();
    pool = new Pool({ connectionString: db.url, max: 6 });
    await new ViewVersions(pool).ensureLive('test');
  });

  afterAll(async () => {
    await pool?.end();
    await db?.drop();
  });

  /** Backends of this database waiting for a lock (the batch queued behind the rebuild). */
  const waitingOnLocks = async () =>
    (
      await pool.query(
        `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
      )
    ).rowCount;

  const facts = async (version: number) =>
    (await pool.query(`SELECT seq FROM ${viewTable('meal_deliveries', version)}`)).rowCount;

  it('feeds the new live version with a batch that waited for the head during the switch', async () => {
    const appender = new LogAppender(pool);
    await appender.append('meals', events.next('meals', ['M1', 'M2']));
    const versions = new ViewVersions(pool);
    const before = await versions.live('meal_deliveries');
    let waiting: Promise<unknown> | null = null;
    const rebuilt = await versions.rebuild('meal_deliveries', {
      actor: 'test',
      reason: 'switch under ingestion',
      whileSwitching: async () => {
        // Ingestion's next batch starts now and queues for the head the rebuild holds.
        waiting = appender.append('meals', events.next('meals', ['M1', 'M3', 'M4']));
        await expectEventually(async () => expect(await waitingOnLocks()).toBe(1));
      },
    });
    const summary = await waiting;
    expect(summary).toMatchObject({ appended: 3, seq: 5 });
    expect(rebuilt).toMatchObject({ fromVersion: before, switchedAtSeq: 2 });
    expect(await versions.live('meal_deliveries')).toBe(rebuilt.toVersion);
    // Every log entry is a meal delivered: the live version holds one fact for each.
    expect(await facts(rebuilt.toVersion)).toBe(5);
  });
});
