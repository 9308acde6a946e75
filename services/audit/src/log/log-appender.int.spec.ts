import { eventStoreMigrations, serviceDataSource } from '@bulwark/event-store';
import { createTestDatabase, TestDatabase } from '@bulwark/testing';
import { Pool } from 'pg';
import { auditMigrations } from '../migrations';
import { EventBatches } from '../test-support/event-batches';
import { verifyLog } from '../verify/verify-log';
import { ViewVersions } from '../replay/view-versions';
import { AppendSummary, LogAppender } from './log-appender';
import { present } from '../test-support/present';

/**
 * The appender's linking ahead (a batch linked while the one before it is written, on the
 * guess that it commits) against the log's truth: used only when the chain's head is where
 * the guess put it, never otherwise.
 */
describe('log appender: batches linked ahead of their transaction (real PostgreSQL)', () => {
  let db: TestDatabase;
  let pool: Pool;

  beforeAll(async () => {
    db = await createTestDatabase('audit_appender');
    const ds = await serviceDataSource({
      url: db.url,
      migrations: [...eventStoreMigrations, ...auditMigrations],
    }).initialize();
    await ds.runMigrations({ transaction: 'each' });
    await ds.destroy();
    pool = new Pool({ connectionString: db.url, max: 4 });
    await new ViewVersions(pool).ensureLive('test');
  });

  afterAll(async () => {
    await pool?.end();
    await db?.drop();
  });

  const events = new EventBatches();
  const batch = (context: string, streamIds: string[], eventId?: string) =>
    events.next(context, streamIds, eventId);

  async function incidents(): Promise<number> {
    const { rows } = await pool.query<{ n: string }>(
      'SELECT count(*) AS n FROM integrity_incidents',
    );
    return Number(present(rows[0], 'the incident count').n);
  }

  it('links a batch ahead once it has something to build on, and the log verifies', async () => {
    const appender = new LogAppender(pool);
    const first = batch('meals', ['S1', 'S2']);
    // Nothing linked yet since it started: the first batch is linked in its transaction.
    expect(appender.link('meals', first)).toBeNull();
    const a = await appender.append('meals', first);
    const second = batch('meals', ['S1', 'S2', 'S3']);
    // S3 is new to the appender: only the log knows its head.
    expect(appender.link('meals', second)).toBeNull();
    await appender.append('meals', second);
    const third = batch('meals', ['S1', 'S3']);
    const linked = appender.link('meals', third);
    expect(linked).not.toBeNull();
    const c = await appender.append('meals', third, undefined, linked);
    expect([a.linkedAhead, c.linkedAhead]).toEqual([false, true]);
    expect(c).toMatchObject<Partial<AppendSummary>>({ appended: 2, seq: 7, duplicates: 0 });
    expect(await verifyLog(pool)).toMatchObject({ ok: true, eventsChecked: 7 });
    expect(await incidents()).toBe(0);
  });

  it('does not use a batch linked on a head another batch moved first: links it again', async () => {
    const appender = new LogAppender(pool);
    await appender.append('meals', batch('meals', ['S1', 'S2']));
    const guessed = batch('meals', ['S2']);
    const linked = appender.link('meals', guessed);
    expect(linked).not.toBeNull();
    // Another appender (another context's batch, say) takes the head the guess was built on.
    await new LogAppender(pool).append('roster', batch('roster', ['R1']));
    const summary = await appender.append('meals', guessed, undefined, linked);
    expect(summary.linkedAhead).toBe(false);
    expect(summary.seq).toBe(11);
    expect(await verifyLog(pool)).toMatchObject({ ok: true, eventsChecked: 11 });
    expect(await incidents()).toBe(0);
  });

  it('goes on after a linked batch fails: an event id the log holds is skipped, nothing else', async () => {
    const appender = new LogAppender(pool);
    await appender.append('meals', batch('meals', ['S4', 'S1']));
    const { rows } = await pool.query<{ event_id: string }>(
      'SELECT event_id FROM audit_log ORDER BY seq DESC LIMIT 1',
    );
    // The same event id again (a relay that published it twice), then a new event, linked ahead.
    const again = batch('meals', ['S1'], present(rows[0], 'the last entry').event_id);
    const repeated = [...again, ...batch('meals', ['S4'])];
    const linked = appender.link('meals', repeated);
    expect(linked).not.toBeNull();
    const summary = await appender.append('meals', repeated, undefined, linked);
    expect(summary).toMatchObject({ appended: 1, duplicates: 1, linkedAhead: false, seq: 14 });
    expect(await verifyLog(pool)).toMatchObject({ ok: true, eventsChecked: 14 });
    expect(await incidents()).toBe(0);
  });
});
