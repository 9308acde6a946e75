import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestNats, TestNats } from '@bulwark/testing';
import { main as cli } from './cli/audit';
import { AuditApp, startAuditApp } from './test-support/audit-app';
import { FakeService, startFakeService } from './test-support/fake-service';
import {
  checkIn,
  classReportFiled,
  collegeStep,
  emit,
  enrolled,
  isolation,
  meal,
  minutes,
  relocated,
} from './test-support/fixtures';
import { viewDigest } from './verify/digests';
import { VIEW_NAMES } from './views/view-definition';

const CONTEXTS = ['roster', 'reporting', 'isolation', 'meals', 'volunteers'] as const;
const DAY = '2020-02-03';

/** Runs the CLI in-process; returns its exit code and what it printed on stdout. */
async function runCli(args: string[]): Promise<{ code: number; out: string }> {
  const chunks: string[] = [];
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = ((chunk: string | Uint8Array) => {
    chunks.push(String(chunk));
    return true;
  }) as typeof process.stdout.write;
  try {
    const code = await cli([...args, '--quiet']);
    return { code, out: chunks.join('') };
  } finally {
    process.stdout.write = write;
  }
}

describe('audit service (real PostgreSQL and NATS)', () => {
  let nats: TestNats;
  let a: AuditApp;
  let svc: Record<(typeof CONTEXTS)[number], FakeService>;
  const started: FakeService[] = [];
  let published = 0;

  const publishAll = async () => {
    for (const s of started) published += await s.publish();
  };

  beforeAll(async () => {
    nats = await createTestNats('audit');
    const start = async (context: string) => {
      const service = await startFakeService(context, 'audit', nats);
      started.push(service);
      return service;
    };
    svc = {
      roster: await start('roster'),
      reporting: await start('reporting'),
      isolation: await start('isolation'),
      meals: await start('meals'),
      volunteers: await start('volunteers'),
    };
    a = await startAuditApp('audit', nats, [...CONTEXTS]);
    const { roster, reporting, isolation: iso, meals, volunteers } = svc;
    const college = `college-report-sem-${DAY}`;
    await emit(roster, 'student-S1', enrolled('S1'), 'office-1', '2020-01-20T01:00:00Z');
    await emit(roster, 'student-S2', enrolled('S2'), 'office-1', '2020-01-20T01:01:00Z');
    await emit(
      roster,
      'relocation-R1',
      relocated('R1', ['S1', 'S2']),
      'office-2',
      '2020-01-25T08:00:00Z',
    );
    await emit(reporting, 'check-ins-S1', checkIn('S1', DAY), 'S1', '2020-02-03T00:30:00Z');
    // 10:30 and 11:25 on the campus clock (UTC+8): the second is late by reporting's own count.
    await emit(
      reporting,
      college,
      classReportFiled(DAY, 'sem', 'sem-2021-1', 'c-1', 0),
      'c-1',
      '2020-02-03T02:30:00Z',
    );
    await emit(
      reporting,
      college,
      classReportFiled(DAY, 'sem', 'sem-2021-2', 'c-2', 25),
      'c-2',
      '2020-02-03T03:25:00Z',
    );
    await emit(
      reporting,
      college,
      collegeStep('CollegeReportCompiled', DAY, 'sem', 'ls-1', { lateByMinutes: 0 }),
      'ls-1',
      '2020-02-03T03:40:00Z',
    );
    await emit(
      reporting,
      college,
      collegeStep('CollegeReportSentBack', DAY, 'sem', 'dps-1', {
        step: 'first-review',
        reason: 'class 3 missing',
      }),
      'dps-1',
      '2020-02-03T03:50:00Z',
    );
    await emit(
      reporting,
      college,
      collegeStep('CollegeReportCompiled', DAY, 'sem', 'ls-1', { lateByMinutes: 0 }),
      'ls-1',
      '2020-02-03T03:55:00Z',
    );
    await emit(
      reporting,
      college,
      collegeStep('CollegeReportApproved', DAY, 'sem', 'dps-1', { lateByMinutes: 0 }),
      'dps-1',
      '2020-02-03T03:58:00Z',
    );
    // 13:10 local: late by reporting's own count (the audit keeps no copy of its deadlines).
    await emit(
      reporting,
      college,
      collegeStep('CollegeReportSubmitted', DAY, 'sem', 'ps-1', { lateByMinutes: 10 }),
      'ps-1',
      '2020-02-03T05:10:00Z',
    );
    await emit(
      iso,
      'isolation-case-1',
      isolation('IsolationStarted', 'S1', 'campus-room'),
      'iso-1',
      '2020-02-01T02:00:00Z',
    );
    await emit(
      iso,
      'isolation-case-2',
      isolation('IsolationStarted', 'S2', 'home'),
      'iso-1',
      '2020-02-01T03:00:00Z',
    );
    await emit(
      iso,
      'isolation-case-2',
      isolation('IsolationEnded', 'S2', 'home'),
      'iso-1',
      '2020-02-02T03:00:00Z',
    );
    await emit(
      meals,
      'delivery-S1',
      meal('MealDelivered', 'S1', 'lunch', DAY),
      'v-1',
      '2020-02-03T04:00:00Z',
    );
    await emit(
      meals,
      'delivery-S1',
      meal('MealDeliveryFailed', 'S1', 'dinner', DAY),
      'v-1',
      '2020-02-03T10:00:00Z',
    );
    await emit(
      volunteers,
      'volunteer-v-1',
      minutes('v-1', 'zhuiguang', 90),
      'v-1',
      '2020-02-03T12:00:00Z',
    );
    await emit(
      volunteers,
      'volunteer-v-2',
      minutes('v-2', 'zhuiguang', 30),
      'v-2',
      '2020-02-03T12:00:00Z',
    );
    await emit(
      volunteers,
      'volunteer-v-1',
      minutes('v-1', 'zhuiguang', 45),
      'v-1',
      '2020-02-03T13:00:00Z',
    );
    await publishAll();
    await a.logHolds(published);
  }, 120_000);

  // Nothing here provokes an ERROR or WARN line: any would be a failure, not noise.
  afterEach(() => expect(a?.logs.take() ?? []).toEqual([]));

  afterAll(async () => {
    await a?.close();
    for (const s of started) await s.close();
    await nats?.removeStreams();
  });

  const get = (path: string) => a.http().get(path).set('Authorization', a.auditor);

  it('keeps every event once, in a verified global chain, with students, actor and units found', async () => {
    const { rows } = await a.pool.query(
      `SELECT context, count(*)::int AS n FROM audit_log GROUP BY context ORDER BY context`,
    );
    expect(rows).toEqual([
      { context: 'isolation', n: 3 },
      { context: 'meals', n: 2 },
      { context: 'reporting', n: 8 },
      { context: 'roster', n: 3 },
      { context: 'volunteers', n: 3 },
    ]);
    const relocation = await a.pool.query(
      `SELECT student_numbers, actor, unit_codes FROM audit_log WHERE stream_id = 'relocation-R1'`,
    );
    expect(relocation.rows[0]).toEqual({
      student_numbers: ['S1', 'S2'],
      actor: 'office-2',
      unit_codes: ['n-101', 'n-201'],
    });
    const verify = await runCli(['verify', '--database', a.db.url]);
    expect(verify.code).toBe(0);
    expect(JSON.parse(verify.out)).toMatchObject({
      ok: true,
      log: { eventsChecked: 19, global: { ok: true }, streams: { ok: true } },
    });
    const health = await a.http().get('/health').expect(200);
    expect(health.body).toMatchObject({
      service: 'audit',
      status: 'up',
      integrity: { status: 'intact', incidents: 0 },
      ingest: { active: true, logHead: 19 },
    });
  });

  it('shows a student’s timeline across contexts with the actor of each step', async () => {
    const res = await get('/students/S1/timeline').expect(200);
    expect(res.body.asOf).toMatchObject({ view: 'student_timeline', seq: 19 });
    expect(
      res.body.entries.map((e: { context: string; type: string; actor: string }) => [
        e.context,
        e.type,
        e.actor,
      ]),
    ).toEqual([
      ['roster', 'StudentEnrolled', 'office-1'],
      ['roster', 'RoomsRelocated', 'office-2'],
      ['isolation', 'IsolationStarted', 'iso-1'],
      ['reporting', 'CheckInSubmitted', 'S1'],
      ['meals', 'MealDelivered', 'v-1'],
      ['meals', 'MealDeliveryFailed', 'v-1'],
    ]);
    expect(res.body.entries[0].data).toMatchObject({ studentNumber: 'S1' });
  });

  it('shows everything an actor did, when', async () => {
    const res = await get('/actors/dps-1/activity').expect(200);
    expect(res.body.entries.map((e: { type: string; at: string }) => [e.type, e.at])).toEqual([
      ['CollegeReportSentBack', '2020-02-03T03:50:00.000Z'],
      ['CollegeReportApproved', '2020-02-03T03:58:00.000Z'],
    ]);
    const ranged = await get('/actors/office-1/activity?from=2020-01-20T01:00:30Z').expect(200);
    expect(ranged.body.total).toBe(1);
  });

  it('shows the report chain of a college and day: who, when, and the late steps', async () => {
    const res = await get(`/report-chain/${DAY}/colleges/sem`).expect(200);
    expect(res.body).toMatchObject({
      collegeCode: 'sem',
      reportDate: DAY,
      status: 'submitted',
      filed: [
        { actor: 'c-1', late: false, classCode: 'sem-2021-1' },
        { actor: 'c-2', late: true, classCode: 'sem-2021-2' },
      ],
      sentBack: [{ actor: 'dps-1', at: '2020-02-03T03:50:00.000Z' }],
      approved: [{ actor: 'dps-1', late: false }],
      submitted: { actor: 'ps-1', at: '2020-02-03T05:10:00.000Z', late: true },
    });
    expect(res.body.steps.map((s: { step: string }) => s.step)).toEqual([
      'filed',
      'filed',
      'compiled',
      'sent-back',
      'compiled',
      'approved',
      'submitted',
    ]);
    expect(res.body.lateSteps.map((s: { actor: string }) => s.actor)).toEqual(['c-2', 'ps-1']);
    // No DeadlineMissed in the log says when submission was due: unknown, not guessed.
    expect(res.body.steps.at(-1)).toMatchObject({ chainStep: 'submission', dueAt: null });
    const day = await get(`/report-chain/${DAY}`).expect(200);
    expect(day.body.colleges).toEqual([
      expect.objectContaining({ collegeCode: 'sem', status: 'submitted' }),
    ]);
    await get('/report-chain/2020-13-45').expect(400);
  });

  it('shows isolation occupancy over time, meals delivered and failed, volunteer minutes', async () => {
    const occupancy = await get('/isolation/occupancy').expect(200);
    expect(occupancy.body.occupancy).toEqual([
      { placeKind: 'campus-room', occupancy: 1 },
      { placeKind: 'home', occupancy: 0 },
    ]);
    expect(occupancy.body.series.map((p: { occupancy: number }) => p.occupancy)).toEqual([1, 1, 0]);
    const before = await get('/isolation/occupancy?to=2020-02-01T12:00:00Z').expect(200);
    expect(before.body.total).toBe(2);
    const meals = await get('/meals/deliveries').expect(200);
    expect(meals.body).toMatchObject({
      delivered: 1,
      failed: 1,
      days: [
        {
          day: DAY,
          byMeal: { lunch: { delivered: 1, failed: 0 }, dinner: { delivered: 0, failed: 1 } },
        },
      ],
    });
    const mins = await get('/volunteers/minutes').expect(200);
    expect(mins.body).toMatchObject({
      minutes: 165,
      teams: [{ team: 'zhuiguang', minutes: 165, volunteers: 2 }],
      volunteers: [
        { volunteerId: 'v-1', minutes: 135, entries: 2 },
        { volunteerId: 'v-2', minutes: 30, entries: 1 },
      ],
    });
  });

  it('answers "as of" an instant with exactly what the live view answered then', async () => {
    const paths = [
      '/students/S1/timeline',
      '/actors/v-1/activity',
      `/report-chain/${DAY}`,
      `/report-chain/${DAY}/colleges/sem`,
      '/isolation/occupancy',
      '/meals/deliveries',
      '/volunteers/minutes',
    ];
    const then = new Map<string, unknown>();
    for (const p of paths) then.set(p, (await get(p).expect(200)).body);
    await new Promise((r) => setTimeout(r, 5));
    const instant = new Date().toISOString();
    await new Promise((r) => setTimeout(r, 5));

    const { reporting, isolation: iso, meals, volunteers, roster } = svc;
    await emit(
      iso,
      'isolation-case-1',
      isolation('IsolationEnded', 'S1', 'campus-room'),
      'iso-1',
      '2020-02-04T02:00:00Z',
    );
    await emit(
      meals,
      'delivery-S1',
      meal('MealDelivered', 'S1', 'breakfast', '2020-02-04'),
      'v-1',
      '2020-02-04T00:00:00Z',
    );
    await emit(
      volunteers,
      'volunteer-v-2',
      minutes('v-2', 'zhuiguang', 60),
      'v-2',
      '2020-02-04T01:00:00Z',
    );
    await emit(
      reporting,
      `college-report-sem-${DAY}`,
      collegeStep('CollegeReportSentBack', DAY, 'sem', 'po-1', {
        step: 'second-review',
        reason: 'late',
      }),
      'po-1',
      '2020-02-03T06:00:00Z',
    );
    await emit(roster, 'student-S3', enrolled('S3'), 'office-1', '2020-02-04T01:00:00Z');
    await publishAll();
    await a.logHolds(published);

    for (const p of paths) {
      const live = (await get(p).expect(200)).body;
      expect(live).not.toEqual(then.get(p));
      const asOf = await get(`${p}${p.includes('?') ? '&' : '?'}asOf=${instant}`).expect(200);
      expect(asOf.body).toEqual(then.get(p));
      const bySeq = await get(`${p}?asOfSeq=19`).expect(200);
      expect(bySeq.body).toEqual(then.get(p));
    }
    const early = await get('/students/S1/timeline?asOf=2000-01-01T00:00:00Z').expect(200);
    expect(early.body).toMatchObject({
      asOf: { seq: 0, committedAt: null },
      total: 0,
      entries: [],
    });
  });

  it('rebuilds every view from the log while serving and ingesting, switches, and records the switch', async () => {
    const before = await a.pool.query<{ view: string; version: number }>(
      `SELECT view, version FROM view_versions WHERE status = 'live' ORDER BY view`,
    );
    // New events arrive while the rebuild runs: the live views keep taking them.
    const rebuilding = runCli([
      'replay',
      '--database',
      a.db.url,
      '--actor',
      'auditor-7',
      '--reason',
      'yearly check',
    ]);
    await emit(svc.roster, 'student-S4', enrolled('S4'), 'office-1', '2020-02-05T01:00:00Z');
    await publishAll();
    const rebuilt = await rebuilding;
    expect(rebuilt.code).toBe(0);
    await a.logHolds(published);
    const result = JSON.parse(rebuilt.out).rebuilt as {
      view: string;
      fromVersion: number;
      toVersion: number;
    }[];
    expect(result.map((r) => r.view).sort()).toEqual([...VIEW_NAMES].sort());
    for (const r of result) {
      const old = before.rows.find((b) => b.view === r.view)!;
      expect(r).toMatchObject({ fromVersion: old.version, toVersion: old.version + 1 });
    }
    const views = await get('/views').expect(200);
    expect(views.body.switches).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          view: 'student_timeline',
          switchedBy: 'auditor-7',
          reason: 'yearly check',
        }),
      ]),
    );
    const s4 = await get('/students/S4/timeline').expect(200);
    expect(s4.body.total).toBe(1);

    // A second rebuild from scratch equals the live views, row for row, log position included.
    const again = await runCli(['replay', '--database', a.db.url, '--actor', 'auditor-7']);
    expect(again.code).toBe(0);
    for (const r of JSON.parse(again.out).rebuilt as {
      view: 'student_timeline';
      fromVersion: number;
      toVersion: number;
    }[]) {
      const live = await viewDigest(a.pool, r.view, r.fromVersion);
      const fresh = await viewDigest(a.pool, r.view, r.toVersion);
      expect(fresh).toEqual(live);
    }
  }, 60_000);

  it('replays some streams into a scratch view for an investigation, leaving the live one alone', async () => {
    const out = await runCli([
      'replay',
      '--scratch',
      '--view',
      'student_timeline',
      '--stream',
      'student-S1,check-ins-S1',
      '--database',
      a.db.url,
      '--note',
      'case 17',
    ]);
    expect(out.code).toBe(0);
    const [scratch] = JSON.parse(out.out).scratch;
    expect(scratch).toMatchObject({ view: 'student_timeline', status: 'scratch', note: 'case 17' });
    const res = await get(`/students/S1/timeline?version=${scratch.version}`).expect(200);
    expect(res.body.entries.map((e: { type: string }) => e.type)).toEqual([
      'StudentEnrolled',
      'CheckInSubmitted',
    ]);
    const live = await get('/students/S1/timeline').expect(200);
    expect(live.body.total).toBeGreaterThan(2);
    await get('/students/S1/timeline?version=999').expect(404);
  });

  it('exports the log as CSV and JSON lines, from the database and over the API', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'audit-export-'));
    const csv = join(dir, 's1.csv');
    expect(
      (
        await runCli([
          'export',
          '--format',
          'csv',
          '--student',
          'S1',
          '--out',
          csv,
          '--database',
          a.db.url,
        ])
      ).code,
    ).toBe(0);
    const lines = readFileSync(csv, 'utf8').trim().split('\r\n');
    expect(lines[0]).toBe(
      'seq,event_id,context,stream_seq,stream_id,stream_version,type,schema_version,occurred_at,actor,correlation_id,student_numbers,unit_codes,data,prev_hash,hash,chain_hash,ingested_at',
    );
    const timeline = (await get('/students/S1/timeline').expect(200)).body;
    expect(lines).toHaveLength(timeline.total + 1);

    await a.app.listen(0);
    const port = (a.app.getHttpServer().address() as { port: number }).port;
    const jsonl = join(dir, 'reporting.jsonl');
    const api = await runCli([
      'export',
      '--api',
      `http://127.0.0.1:${port}`,
      '--token',
      a.auditor.slice('Bearer '.length),
      '--context',
      'reporting',
      '--type',
      'CollegeReportSentBack',
      '--out',
      jsonl,
    ]);
    expect(api.code).toBe(0);
    const entries = readFileSync(jsonl, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(entries.map((e) => e.actor)).toEqual(['dps-1', 'po-1']);
    const byActor = await runCli([
      'export',
      '--actor',
      'iso-1',
      '--from',
      '2020-02-01T02:30:00Z',
      '--database',
      a.db.url,
    ]);
    expect(byActor.out.trim().split('\n')).toHaveLength(3);
  });

  describe('access', () => {
    const routes = [
      '/students/S1/timeline',
      '/actors/v-1/activity',
      `/report-chain/${DAY}`,
      `/report-chain/${DAY}/colleges/sem`,
      '/isolation/occupancy',
      '/meals/deliveries',
      '/volunteers/minutes',
      '/log',
      '/integrity/incidents',
      '/views',
    ];

    it('refuses everyone but auditors: 401 without a token, 403 with any other role', async () => {
      const others = a.token(
        ['student-affairs', 'prevention-office', 'ops', 'counsellor', 'student'],
        'not-an-auditor',
      );
      for (const route of routes) {
        await a.http().get(route).expect(401);
        await a.http().get(route).set('Authorization', others).expect(403);
        await get(route).expect(200);
      }
    });

    it('has nothing that writes: POST, PUT, PATCH and DELETE find no route', async () => {
      const head = await a.pool.query('SELECT seq FROM audit_chain_head');
      for (const route of [...routes, '/views/student_timeline', '/log/1']) {
        for (const method of ['post', 'put', 'patch', 'delete'] as const) {
          await a.http()[method](route).set('Authorization', a.auditor).send({}).expect(404);
        }
      }
      expect((await a.pool.query('SELECT seq FROM audit_chain_head')).rows).toEqual(head.rows);
      await expect(a.pool.query(`DELETE FROM audit_log WHERE seq = 1`)).rejects.toThrow(
        /append-only/,
      );
    });
  });
});
