import { randomUUID } from 'node:crypto';
import type { Role } from '@bulwark/auth';
import { PostgresEventStore, StoreProjector } from '@bulwark/event-store';
import { expectEventually } from '@bulwark/testing';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import {
  reportingInfrastructure,
  ROSTER_DURABLE,
  startReportingApp,
  type ReportingApp,
  type TestInfrastructure,
} from './test-support/reporting-app';
import { RosterFeed } from '@bulwark/roster-replica/test-support';
import { SettableClock } from './test-support/settable-clock';
import { seedWorld } from './test-support/world';
import { ReportingProjection } from './reporting-projection';
import { defined } from './test-support/defined';

const DAY = '2022-01-05';

const eventCount = async (r: ReportingApp, type?: string) =>
  Number(
    (
      await r.pool.query(`SELECT count(*) AS n FROM events WHERE $1::text IS NULL OR type = $1`, [
        type ?? null,
      ])
    ).rows[0].n,
  );

const normal = {
  location: { kind: 'off-campus', province: 'Hubei', city: 'Wuhan' },
  health: { temperatureC: 36.5, symptoms: [] },
  exposure: 'none',
};

describe('reporting service over HTTP (real PostgreSQL and NATS)', () => {
  let infra: TestInfrastructure;
  let feed: RosterFeed;
  let r: ReportingApp;
  const clock = new SettableClock(new Date(`${DAY}T09:00:00+08:00`));
  const as = (sub: string, roles: Role[], scopes: string[]) => r.token(roles, scopes, sub);
  let student: (n: string) => string;
  let counsellor1: string;
  let counsellor2: string;

  beforeAll(async () => {
    infra = await reportingInfrastructure('reporting');
    r = await startReportingApp(infra, clock);
    feed = await RosterFeed.connect(infra.config.natsUrl, infra.config.natsPrefix, ROSTER_DURABLE);
    await seedWorld(feed);
    student = (n) => as(n, ['student'], []);
    counsellor1 = as('T-1', ['counsellor'], ['sem-2021-1']);
    counsellor2 = as('T-2', ['counsellor'], ['sem-2021-2']);
  });
  afterAll(async () => {
    await feed.close();
    await r.close();
    await infra.db.drop();
    // Streams outlive the service processes: the suite removes its own once they are closed.
    await infra.nats.removeStreams();
  });

  const checkIn = (token: string, body: object) =>
    r.http().post('/check-ins').set('Authorization', token).send(body);

  describe('check-ins', () => {
    it('takes a student’s check-in, then an amendment; the history keeps both', async () => {
      const first = await checkIn(student('S1'), normal);
      expect(first.status).toBe(201);
      expect(first.body).toEqual({
        studentNumber: 'S1',
        day: DAY,
        submission: 1,
        amended: false,
        abnormalReasons: [],
        flaggedRepetitive: false,
      });
      const second = await checkIn(student('S1'), { ...normal, location: { kind: 'on-campus' } });
      expect(second.status).toBe(201);
      expect(second.body).toMatchObject({ submission: 2, amended: true });

      await r.caughtUp();
      const history = await r
        .http()
        .get('/students/S1/check-ins')
        .set('Authorization', student('S1'))
        .expect(200);
      expect(history.body.checkIns).toEqual([
        expect.objectContaining({
          day: DAY,
          submission: 1,
          amended: false,
          location: normal.location,
        }),
        expect.objectContaining({
          day: DAY,
          submission: 2,
          amended: true,
          location: { kind: 'on-campus' },
        }),
      ]);
    });

    it('reports a fever for isolation care and lists it for the day', async () => {
      const before = await eventCount(r, 'AbnormalCheckInReported');
      const res = await checkIn(student('S2'), {
        ...normal,
        health: { temperatureC: 38.2, symptoms: ['cough'] },
      });
      expect(res.status).toBe(201);
      expect(res.body.abnormalReasons).toEqual(['fever', 'symptoms']);
      expect(await eventCount(r, 'AbnormalCheckInReported')).toBe(before + 1);
      await r.caughtUp();
      const abnormal = await r
        .http()
        .get(`/days/${DAY}/abnormal-check-ins`)
        .set('Authorization', r.office)
        .expect(200);
      expect(abnormal.body).toEqual([
        expect.objectContaining({
          studentNumber: 'S2',
          reasons: ['fever', 'symptoms'],
          temperatureC: 38.2,
        }),
      ]);
    });

    it('takes a counsellor’s check-in on a student’s behalf and records the counsellor', async () => {
      const res = await checkIn(counsellor1, { ...normal, studentNumber: 'S3' });
      expect(res.status).toBe(201);
      await r.caughtUp();
      const history = await r
        .http()
        .get('/students/S3/check-ins')
        .set('Authorization', counsellor1)
        .expect(200);
      expect(history.body.checkIns[0].submittedBy).toEqual({ actorId: 'T-1', role: 'counsellor' });
    });

    it('answers bad input with a clear 4xx and records nothing', async () => {
      const before = await eventCount(r);
      const cases: [string, object, number, string | null][] = [
        [student('X-404'), normal, 400, 'studentNumber'],
        [student('S4'), { ...normal, day: '2022-01-06' }, 400, 'day'],
        [
          student('S4'),
          { ...normal, health: { temperatureC: 60, symptoms: [] } },
          400,
          'health.temperatureC',
        ],
        [
          student('S4'),
          { ...normal, health: { temperatureC: 36.6, symptoms: ['sneezing'] } },
          400,
          'health.symptoms',
        ],
        [
          student('S4'),
          { ...normal, location: { kind: 'off-campus', province: 'Hubei' } },
          400,
          'location.city',
        ],
        [student('S4'), { ...normal, studentNumber: 'S5' }, 403, null],
        [counsellor2, { ...normal, studentNumber: 'S4' }, 403, null],
        [counsellor1, { ...normal, studentNumber: 'NOBODY' }, 400, 'studentNumber'],
      ];
      for (const [token, body, status, field] of cases) {
        const res = await checkIn(token, body);
        expect({ body, status: res.status }).toEqual({ body, status });
        if (field) expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
        expect(res.body.message).toEqual(expect.any(String));
      }
      await r.http().post('/check-ins').send(normal).expect(401);
      expect(await eventCount(r)).toBe(before);
    });

    it('returns the first answer to a repeated Idempotency-Key and records once', async () => {
      const key = randomUUID();
      const first = await checkIn(student('S5'), normal).set('Idempotency-Key', key);
      expect(first.status).toBe(201);
      const before = await eventCount(r);
      const again = await checkIn(student('S5'), normal).set('Idempotency-Key', key);
      expect(again.status).toBe(201);
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect(again.body).toEqual(first.body);
      expect(await eventCount(r)).toBe(before);
    });
  });

  describe('the report chain', () => {
    const league = () => as('L-1', ['league-secretary'], ['sem']);
    const deputy = () => as('D-1', ['deputy-party-secretary'], ['sem']);
    const party = () => as('P-1', ['party-secretary'], ['sem']);
    const fileReport = (token: string, classCode: string, body: object) =>
      r
        .http()
        .put(`/days/${DAY}/classes/${classCode}/report`)
        .set('Authorization', token)
        .send(body);
    const step = (token: string, action: string, body: object = {}) =>
      r
        .http()
        .post(`/days/${DAY}/colleges/sem/report/${action}`)
        .set('Authorization', token)
        .send(body);
    const collegeView = async () => {
      await r.caughtUp();
      return (
        await r
          .http()
          .get(`/days/${DAY}/colleges/sem/report`)
          .set('Authorization', r.office)
          .expect(200)
      ).body;
    };
    const dayView = async () => {
      await r.caughtUp();
      const res = await r.http().get(`/days/${DAY}`).set('Authorization', r.office).expect(200);
      return res.body.colleges.find((c: { collegeCode: string }) => c.collegeCode === 'sem');
    };
    const reportOf = (
      view: { classes: { classCode: string; report: string }[] },
      classCode: string,
    ) => view.classes.find((c) => c.classCode === classCode)?.report;

    it('tells missing, zero report and report with changes apart in every view', async () => {
      clock.setBeijing(DAY, '09:30');
      let view = await collegeView();
      expect([reportOf(view, 'sem-2021-1'), reportOf(view, 'sem-2021-2')]).toEqual([
        'missing',
        'missing',
      ]);
      expect((await dayView()).chain.classReports).toMatchObject({
        expected: 2,
        zero: 0,
        changes: 0,
        missing: 2,
      });

      await fileReport(counsellor1, 'sem-2021-1', { kind: 'zero' }).expect(200);
      view = await collegeView();
      expect([reportOf(view, 'sem-2021-1'), reportOf(view, 'sem-2021-2')]).toEqual([
        'zero',
        'missing',
      ]);
      expect(view.counts).toEqual({ expected: 2, zero: 1, changes: 0, missing: 1 });
      expect((await dayView()).chain.classReports).toMatchObject({
        zero: 1,
        changes: 0,
        missing: 1,
      });

      const changes = await fileReport(counsellor2, 'sem-2021-2', {
        kind: 'changes',
        changes: [
          { studentNumber: 'S5', category: 'location', description: 'moved from Wuhan to Beijing' },
        ],
      });
      expect(changes.status).toBe(200);
      view = await collegeView();
      expect([reportOf(view, 'sem-2021-1'), reportOf(view, 'sem-2021-2')]).toEqual([
        'zero',
        'changes',
      ]);
      expect(
        view.classes.find((c: { classCode: string }) => c.classCode === 'sem-2021-2'),
      ).toMatchObject({
        counsellors: [{ staffId: 'T-2', staffName: '王老师' }],
        changes: [
          { studentNumber: 'S5', category: 'location', description: 'moved from Wuhan to Beijing' },
        ],
        filedBy: 'T-2',
        lateByMinutes: 0,
      });
      expect((await dayView()).chain.classReports).toMatchObject({
        zero: 1,
        changes: 1,
        missing: 0,
      });
    });

    it('refuses bad class reports with a clear 4xx and records nothing', async () => {
      const before = await eventCount(r);
      const cases: [string, string, object, number, string | null][] = [
        [counsellor1, 'sem-2021-2', { kind: 'zero' }, 403, null], // another counsellor's class
        [
          counsellor2,
          'sem-2021-2',
          {
            kind: 'zero',
            changes: [{ studentNumber: 'S5', category: 'health', description: 'x' }],
          },
          400,
          'changes',
        ],
        [counsellor2, 'sem-2021-2', { kind: 'changes', changes: [] }, 400, 'changes'],
        [
          counsellor2,
          'sem-2021-2',
          {
            kind: 'changes',
            changes: [{ studentNumber: 'S1', category: 'health', description: 'x' }],
          },
          400,
          'changes.0.studentNumber',
        ],
        [counsellor2, 'sem-2021-2', { kind: 'nothing' }, 400, 'kind'],
        [counsellor2, 'no-such-class', { kind: 'zero' }, 400, 'classCode'],
        [student('S5'), 'sem-2021-2', { kind: 'zero' }, 403, null],
      ];
      for (const [token, classCode, body, status, field] of cases) {
        const res = await fileReport(token, classCode, body);
        expect({ classCode, body, status: res.status }).toEqual({ classCode, body, status });
        if (field) expect(res.body.errors[0].field).toBe(field);
      }
      const future = await r
        .http()
        .put(`/days/2022-01-06/classes/sem-2021-2/report`)
        .set('Authorization', counsellor2)
        .send({ kind: 'zero' });
      expect(future.status).toBe(400);
      expect(future.body.errors[0].field).toBe('day');
      expect(await eventCount(r)).toBe(before);
    });

    it('cannot compile with a class missing: 409 naming it; then compiles, reviews and submits', async () => {
      // a third class appears on the roster, with a student, and has not reported
      await feed.emit(
        feed.academic('sem-2021-3', '经管2021级3班', 'class', [
          'uni',
          'sem',
          'sem-2021',
          'sem-2021-3',
        ]),
        feed.enrolled('S9', ['uni', 'sem', 'sem-2021', 'sem-2021-3']),
      );
      await feed.settled();
      const before = await eventCount(r);
      const refused = await step(league(), 'compile');
      expect(refused.status).toBe(409);
      expect(refused.body.message).toContain('经管2021级3班 (sem-2021-3)');
      expect(refused.body.details).toEqual({
        missingClasses: [{ classCode: 'sem-2021-3', name: '经管2021级3班' }],
      });
      expect(await eventCount(r)).toBe(before);
      expect((await collegeView()).missingClasses).toEqual([
        { classCode: 'sem-2021-3', name: '经管2021级3班' },
      ]);

      const counsellor3 = as('T-3', ['counsellor'], ['sem-2021-3']);
      clock.setBeijing(DAY, '11:20');
      await fileReport(counsellor3, 'sem-2021-3', { kind: 'zero' }).expect(200);
      clock.setBeijing(DAY, '11:40');
      const compiled = await step(league(), 'compile');
      expect(compiled.status).toBe(200);
      expect(compiled.body).toEqual({ collegeCode: 'sem', day: DAY, status: 'compiled', pass: 1 });

      // compiled: the class reports are locked
      const locked = await fileReport(counsellor1, 'sem-2021-1', { kind: 'zero' });
      expect(locked.status).toBe(409);
      // only the deputy approves; the party secretary cannot submit before approval
      await step(league(), 'approve').expect(403);
      await step(party(), 'submit').expect(409);
      clock.setBeijing(DAY, '11:50');
      await step(deputy(), 'approve').expect(200);
      // the party secretary sends it back at the second review, with a reason
      await step(party(), 'send-back', {}).expect(400);
      const sentBack = await step(party(), 'send-back', { reason: '3班 should list S9’s move' });
      expect(sentBack.body).toMatchObject({ status: 'sent-back', pass: 2 });
      await fileReport(counsellor3, 'sem-2021-3', {
        kind: 'changes',
        changes: [{ studentNumber: 'S9', category: 'location', description: 'back home in Xi’an' }],
      }).expect(200);
      await step(league(), 'compile').expect(200);
      await step(deputy(), 'approve').expect(200);
      clock.setBeijing(DAY, '13:10');
      const submitted = await step(party(), 'submit');
      expect(submitted.body).toEqual({
        collegeCode: 'sem',
        day: DAY,
        status: 'submitted',
        pass: 2,
      });

      const view = await collegeView();
      expect(view).toMatchObject({
        status: 'submitted',
        pass: 2,
        counts: { expected: 3, zero: 1, changes: 2, missing: 0 },
        compilation: { by: 'L-1', lateByMinutes: 0 },
        firstReview: { by: 'D-1', lateByMinutes: 0 },
        submission: { by: 'P-1', lateByMinutes: 10 },
      });
      expect(
        view.classes.find((c: { classCode: string }) => c.classCode === 'sem-2021-3'),
      ).toMatchObject({
        report: 'changes',
        filing: 2,
        firstLateByMinutes: 20,
      });
      expect(view.log.map((l: { action: string; by: string }) => `${l.action} by ${l.by}`)).toEqual(
        [
          'class report sem-2021-1 filed (zero) by T-1',
          'class report sem-2021-2 filed (changes) by T-2',
          'class report sem-2021-3 filed (zero) by T-3',
          'compiled by L-1',
          'approved by D-1',
          'sent back (second-review) by P-1',
          'class report sem-2021-3 filed (changes) by T-3',
          'compiled by L-1',
          'approved by D-1',
          'submitted by P-1',
        ],
      );
      expect(view.log[5].reason).toBe('3班 should list S9’s move');
    });

    it('locks a submitted report: no change without a reopen with a reason, and the chain runs again', async () => {
      const before = await eventCount(r);
      const refused = await fileReport(counsellor1, 'sem-2021-1', {
        kind: 'changes',
        changes: [{ studentNumber: 'S1', category: 'health', description: 'fever 38.2' }],
      });
      expect(refused.status).toBe(409);
      expect(refused.body.message).toContain('reopen');
      await step(party(), 'reopen', { reason: '' }).expect(400);
      await step(student('S1'), 'reopen', { reason: 'x' }).expect(403);
      await step(as('P-9', ['party-secretary'], ['law']), 'reopen', { reason: 'x' }).expect(403);
      expect(await eventCount(r)).toBe(before);

      const reopened = await step(party(), 'reopen', { reason: 'S1 has a fever: report it' });
      expect(reopened.body).toEqual({ collegeCode: 'sem', day: DAY, status: 'reopened', pass: 3 });
      await fileReport(counsellor1, 'sem-2021-1', {
        kind: 'changes',
        changes: [{ studentNumber: 'S1', category: 'health', description: 'fever 38.2' }],
      }).expect(200);
      await step(party(), 'submit').expect(409); // must be compiled and approved again
      const view = await collegeView();
      expect(view).toMatchObject({ status: 'reopened', pass: 3, submission: null });
      expect(view.log.at(-2)).toMatchObject({
        action: 'reopened (was submitted)',
        by: 'P-1',
        reason: 'S1 has a fever: report it',
      });
      const overview = await dayView();
      expect(overview.chain).toMatchObject({
        status: 'reopened',
        pass: 3,
        submission: { done: false },
      });
    });
  });

  describe('non-responders at the class deadline', () => {
    it('flags every expected student without a check-in, once, and records the class that missed its deadline', async () => {
      clock.setBeijing(DAY, '11:05');
      const first = await r.scheduler.tick();
      // S1, S2, S3, S5 checked in; S4, S6, S9 (sem) and L1 (law) did not
      expect(first.nonRespondersFlagged).toBe(4);
      // law-2021-1 never reported; sem-2021-3 reported late (11:20, seen at 11:05: not yet)
      expect(first.deadlinesMissed).toBe(2);
      const again = await r.scheduler.tick();
      expect(again).toEqual({ deadlinesMissed: 0, nonRespondersFlagged: 0 });
      await r.caughtUp();
      const missed = await r.pool.query(
        `SELECT data->>'unitCode' AS unit FROM events WHERE type = 'DeadlineMissed' ORDER BY 1`,
      );
      expect(missed.rows.map((m) => m.unit)).toEqual(['law-2021-1', 'sem-2021-3']);
    });

    it('lists non-responders per counsellor and per college, with each follow-up until reached or explained', async () => {
      clock.setBeijing(DAY, '11:30');
      const followUp = (token: string, studentNumber: string, body: object) =>
        r
          .http()
          .post(`/days/${DAY}/non-responders/${studentNumber}/follow-ups`)
          .set('Authorization', token)
          .send(body);
      expect(
        (await followUp(counsellor1, 'S4', { channel: 'sms', reached: false })).body,
      ).toMatchObject({
        attempt: 1,
        resolution: null,
      });
      expect(
        (
          await followUp(counsellor1, 'S4', {
            channel: 'phone',
            reached: true,
            reason: 'phone was off',
          })
        ).body,
      ).toMatchObject({ attempt: 2, resolution: 'reached' });
      await followUp(counsellor2, 'S6', {
        channel: 'in-person',
        reached: false,
        reason: 'in hospital, says the roommate',
      }).expect(201);
      const before = await eventCount(r);
      await followUp(counsellor1, 'S4', { channel: 'sms', reached: true }).expect(409); // closed
      await followUp(counsellor1, 'S1', { channel: 'sms', reached: true }).expect(409); // not flagged
      await followUp(counsellor1, 'S6', { channel: 'sms', reached: true }).expect(403); // not their class
      await followUp(counsellor2, 'S6', { channel: 'pigeon', reached: true }).expect(400);
      expect(await eventCount(r)).toBe(before);
      // L1 checks in late
      await checkIn(student('L1'), normal).expect(201);

      await r.caughtUp();
      const all = await r
        .http()
        .get(`/days/${DAY}/non-responders`)
        .set('Authorization', r.office)
        .expect(200);
      expect(
        all.body.students.map(
          (s: { studentNumber: string; status: string }) => `${s.studentNumber}:${s.status}`,
        ),
      ).toEqual(['L1:checked-in-late', 'S4:reached', 'S6:explained', 'S9:open']);
      expect(all.body.students[1].followUps).toEqual([
        expect.objectContaining({ attempt: 1, channel: 'sms', reached: false, by: 'T-1' }),
        expect.objectContaining({
          attempt: 2,
          channel: 'phone',
          reached: true,
          reason: 'phone was off',
        }),
      ]);
      expect(all.body.byCollege).toEqual([
        { collegeCode: 'law', open: 0, total: 1 },
        { collegeCode: 'sem', open: 1, total: 3 },
      ]);
      expect(all.body.byCounsellor).toEqual(
        expect.arrayContaining([
          { staffId: 'T-1', staffName: '李老师', open: 0, total: 1 },
          { staffId: 'T-2', staffName: '王老师', open: 0, total: 1 },
        ]),
      );
      const mine = await r
        .http()
        .get(`/days/${DAY}/non-responders?counsellor=T-2`)
        .set('Authorization', r.office)
        .expect(200);
      expect(mine.body.students.map((s: { studentNumber: string }) => s.studentNumber)).toEqual([
        'S6',
      ]);
      const scoped = await r
        .http()
        .get(`/days/${DAY}/non-responders`)
        .set('Authorization', counsellor1)
        .expect(200);
      expect(scoped.body.students.map((s: { studentNumber: string }) => s.studentNumber)).toEqual([
        'S4',
      ]);
    });

    it('shows the prevention office the day: expected, checked in, abnormal, unreached and the chain per college', async () => {
      await r.caughtUp();
      const res = await r.http().get(`/days/${DAY}`).set('Authorization', r.office).expect(200);
      const byCode = Object.fromEntries(
        res.body.colleges.map((c: { collegeCode: string }) => [c.collegeCode, c]),
      );
      expect(byCode.sem.students).toEqual({
        expected: 7,
        checkedIn: 4,
        notCheckedIn: 3,
        abnormal: 1,
        unreached: 1,
      });
      expect(byCode.law.students).toEqual({
        expected: 1,
        checkedIn: 1,
        notCheckedIn: 0,
        abnormal: 0,
        unreached: 0,
      });
      expect(byCode.law.chain).toMatchObject({
        status: 'open',
        classReports: { expected: 1, zero: 0, changes: 0, missing: 1, deadlinesMissed: 1 },
        firstReview: { done: false, deadline: '2022-01-05T04:00:00.000Z' },
      });
      expect(byCode.sem.chain.classReports).toMatchObject({
        expected: 3,
        missing: 0,
        late: 1,
        deadlinesMissed: 1,
      });
      // a counsellor sees no college overview beyond their scope; a student none at all
      await r.http().get(`/days/${DAY}`).set('Authorization', student('S1')).expect(403);
      await r.http().get(`/days/2022-13-01`).set('Authorization', r.office).expect(400);
    });
  });

  it('publishes its events to JetStream as CloudEvents on bulwark.reporting.<EventType>', async () => {
    const nc = await connect({ servers: infra.config.natsUrl });
    try {
      const jsm = await jetstreamManager(nc);
      const stream = `${infra.config.natsPrefix.toUpperCase()}_REPORTING`;
      await expectEventually(async () => {
        const info = await jsm.streams.info(stream);
        expect(info.state.messages).toBe(await eventCount(r));
      });
      const m = await jsm.streams.getMessage(stream, {
        last_by_subj: `${infra.config.natsPrefix}.bulwark.reporting.AbnormalCheckInReported`,
      });
      expect(m!.json()).toMatchObject({
        type: 'bulwark.reporting.AbnormalCheckInReported.v1',
        data: { studentNumber: 'S2', reasons: ['fever', 'symptoms'] },
      });
    } finally {
      await nc.drain();
    }
  });

  it('writes check-ins in the database exactly as apply writes them from the read events', async () => {
    await r.caughtUp();
    const tables = ['check_in_history', 'daily_check_ins', 'abnormal_reports'];
    const dump = async () => {
      const out: Record<string, Record<string, unknown>[]> = {};
      for (const table of tables) {
        const { rows } = await r.pool.query<{ row: Record<string, unknown> }>(
          `SELECT to_jsonb(t) AS row FROM ${table} t ORDER BY to_jsonb(t)::text`,
        );
        out[table] = rows.map((x) => x.row);
      }
      return out;
    };
    const live = await dump();
    // What the suite wrote: amendments and abnormal reports among the check-ins.
    expect(defined(live.check_in_history).some((row) => Number(row.submission) > 1)).toBe(true);
    expect(defined(live.abnormal_reports).length).toBeGreaterThan(0);
    expect(defined(live.daily_check_ins).length).toBeGreaterThan(1);

    // The same events, read into Node and written by apply alone, into emptied tables.
    const projection = new ReportingProjection();
    const kinds = projection.inDatabase.kinds.map((k) => k.type);
    await r.pool.query(`TRUNCATE ${tables.join(', ')}`);
    await new StoreProjector(r.pool, new PostgresEventStore(r.pool), {
      name: 'check-ins-through-apply',
      apply: (events, tx) =>
        projection.apply(
          events.filter((e) => kinds.includes(e.type)),
          tx,
        ),
    }).catchUp();
    expect(await dump()).toEqual(live);
  });
});
