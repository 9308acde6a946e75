import { eventStoreMigrations, serviceDataSource } from '@bulwark/event-store';
import { createTestDatabase, TestDatabase } from '@bulwark/testing';
import { Pool } from 'pg';
import { LogAppender } from '../../log/log-appender';
import { auditMigrations } from '../../migrations';
import { ViewVersions } from '../../replay/view-versions';
import { EventBatches, type BatchEvent } from '../../test-support/event-batches';
import { ViewReads } from '../view-reads';
import { reportChain } from './report-chain.projection';
import { collegeReportChain } from './report-chain.queries';

const DAY = '2020-02-03';
const stream = `college-report-sem-${DAY}`;

/** A reporting event of the sem college's report that day. */
const reporting = (
  type: string,
  data: Record<string, unknown>,
  actor: string,
  at: string,
): BatchEvent => ({
  streamId: stream,
  type,
  data: { day: DAY, collegeCode: 'sem', ...data },
  actor,
  at,
});

/**
 * The report chain read from real log entries (real PostgreSQL): deadlines as reporting's
 * events state them, a rebuild when the view's definition changes, and one snapshot per read.
 */
describe('report chain view (real PostgreSQL)', () => {
  let db: TestDatabase;
  let pool: Pool;
  let appender: LogAppender;
  const events = new EventBatches();

  beforeAll(async () => {
    db = await createTestDatabase('audit_report_chain');
    const ds = await serviceDataSource({
      url: db.url,
      migrations: [...eventStoreMigrations, ...auditMigrations],
    }).initialize();
    await ds.runMigrations({ transaction: 'each' });
    await ds.destroy();
    pool = new Pool({ connectionString: db.url, max: 6 });
    await new ViewVersions(pool).ensureLive('test');
    appender = new LogAppender(pool);
  });

  afterAll(async () => {
    await pool?.end();
    await db?.drop();
  });

  it('takes due times from reporting’s events (REPORT_DEADLINES 10:00,11:30,12:30), a missed class report keeps its class', async () => {
    // Reporting ran with deadlines 10:00 / 11:30 / 12:30 Shanghai (02:00Z / 03:30Z / 04:30Z).
    await appender.append(
      'reporting',
      events.of('reporting', [
        reporting(
          'ClassReportFiled',
          {
            classCode: 'sem-2021-1',
            kind: 'zero',
            changes: [],
            filedBy: 'c-1',
            filing: 1,
            lateByMinutes: 0,
          },
          'c-1',
          '2020-02-03T01:50:00Z',
        ),
        reporting(
          'DeadlineMissed',
          { step: 'class-report', unitCode: 'sem-2021-2', deadline: '2020-02-03T02:00:00.000Z' },
          'system',
          '2020-02-03T02:00:30Z',
        ),
        reporting(
          'ClassReportFiled',
          {
            classCode: 'sem-2021-2',
            kind: 'zero',
            changes: [],
            filedBy: 'c-2',
            filing: 1,
            lateByMinutes: 15,
          },
          'c-2',
          '2020-02-03T02:15:00Z',
        ),
        reporting(
          'CollegeReportApproved',
          { approvedBy: 'dps-1', pass: 1, lateByMinutes: 0 },
          'dps-1',
          '2020-02-03T03:00:00Z',
        ),
        reporting(
          'DeadlineMissed',
          { step: 'submission', unitCode: 'sem', deadline: '2020-02-03T04:30:00.000Z' },
          'system',
          '2020-02-03T04:30:30Z',
        ),
        reporting(
          'CollegeReportSubmitted',
          { submittedBy: 'ps-1', pass: 1, lateByMinutes: 5 },
          'ps-1',
          '2020-02-03T04:35:00Z',
        ),
      ]),
    );
    const chain = await collegeReportChain(new ViewReads(pool), 'sem', DAY, {});
    expect(
      chain.steps.map((s) => ({
        step: s.step,
        chainStep: s.chainStep,
        classCode: s.classCode,
        dueAt: s.dueAt,
        late: s.late,
      })),
    ).toEqual([
      // On time: no event says when it was due but the miss of another class that day.
      {
        step: 'filed',
        chainStep: 'class-report',
        classCode: 'sem-2021-1',
        dueAt: '2020-02-03T02:00:00.000Z',
        late: false,
      },
      {
        step: 'deadline-missed',
        chainStep: 'class-report',
        classCode: 'sem-2021-2',
        dueAt: '2020-02-03T02:00:00.000Z',
        late: true,
      },
      {
        step: 'filed',
        chainStep: 'class-report',
        classCode: 'sem-2021-2',
        dueAt: '2020-02-03T02:00:00.000Z',
        late: true,
      },
      // No first-review deadline was missed: no event says when it was due.
      { step: 'approved', chainStep: 'first-review', classCode: null, dueAt: null, late: false },
      {
        step: 'deadline-missed',
        chainStep: 'submission',
        classCode: null,
        dueAt: '2020-02-03T04:30:00.000Z',
        late: true,
      },
      {
        step: 'submitted',
        chainStep: 'submission',
        classCode: null,
        dueAt: '2020-02-03T04:30:00.000Z',
        late: true,
      },
    ]);
    expect(chain.status).toBe('submitted');
  });

  it('rebuilds, blue/green, a live version an older revision of the definition built', async () => {
    const versions = new ViewVersions(pool);
    const before = await versions.live('report_chain');
    await pool.query(
      `UPDATE view_versions SET revision = $1::int - 1 WHERE view = 'report_chain' AND status = 'live'`,
      [reportChain.revision],
    );
    const built = await versions.ensureLive('deploy');
    expect(built.map((b) => [b.view, b.fromVersion])).toEqual([['report_chain', before]]);
    expect(await versions.liveRevision('report_chain')).toBe(reportChain.revision);
    expect((await versions.switches('report_chain')).at(-1)?.reason).toBe(
      `definition revision ${reportChain.revision - 1} -> ${reportChain.revision}`,
    );
    expect(await versions.ensureLive('deploy')).toEqual([]);
  });

  it('reads one snapshot: a send-back committed between the position and the view’s queries stays out of the answer', async () => {
    const college = 'law';
    const lawStep = (type: string, data: Record<string, unknown>, actor: string, at: string) => ({
      ...reporting(type, { ...data, collegeCode: college }, actor, at),
      streamId: `college-report-law-${DAY}`,
    });
    await appender.append(
      'reporting',
      events.of('reporting', [
        lawStep(
          'CollegeReportCompiled',
          {
            compiledBy: 'ls-2',
            pass: 1,
            lateByMinutes: 0,
            classes: [],
            zeroReports: 0,
            reportsWithChanges: 0,
          },
          'ls-2',
          '2020-02-03T03:10:00Z',
        ),
      ]),
    );
    const head = async () =>
      Number((await pool.query<{ seq: string }>('SELECT seq FROM audit_chain_head')).rows[0]?.seq);
    const compiledAt = await head();
    const sendBack = () =>
      appender.append(
        'reporting',
        events.of('reporting', [
          lawStep(
            'CollegeReportSentBack',
            { step: 'first-review', reason: 'class 3 missing', sentBackBy: 'dps-2', pass: 1 },
            'dps-2',
            '2020-02-03T03:20:00Z',
          ),
        ]),
      );
    let written = false;
    const reads = new ViewReads(pool, {
      afterPosition: async () => {
        if (written) return;
        written = true;
        await sendBack();
      },
    });

    const chain = await collegeReportChain(reads, college, DAY, {});
    expect(await head()).toBe(compiledAt + 1);
    expect(chain.asOf.seq).toBe(compiledAt);
    expect(chain.status).toBe('compiled');
    expect(chain.steps.map((s) => s.step)).toEqual(['compiled']);

    // Any query of the read, filtered by position or not, sees the snapshot the position came from.
    written = false;
    const seen = await reads.read('report_chain', {}, async (table, p, snapshot) => {
      const h = await snapshot.query<{ seq: string }>('SELECT seq FROM audit_chain_head', []);
      const facts = await snapshot.query<{ step: string }>(
        `SELECT step FROM ${table} WHERE college_code = $1 ORDER BY seq`,
        [college],
      );
      const mode = await snapshot.query<{ isolation: string; readOnly: string }>(
        `SELECT current_setting('transaction_isolation') AS isolation,
                current_setting('transaction_read_only') AS "readOnly"`,
        [],
      );
      return {
        position: p.seq,
        head: Number(h.rows[0]?.seq),
        steps: facts.rows.map((r) => r.step),
        mode: mode.rows[0],
      };
    });
    expect(seen).toMatchObject({
      position: compiledAt + 1,
      head: compiledAt + 1,
      steps: ['compiled', 'sent-back'],
      mode: { isolation: 'repeatable read', readOnly: 'on' },
    });
    expect(await head()).toBe(compiledAt + 2);

    const after = await collegeReportChain(new ViewReads(pool), college, DAY, {});
    expect(after.status).toBe('sent-back');
  });
});
