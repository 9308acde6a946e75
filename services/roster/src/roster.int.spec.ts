import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { expectEventually } from '@bulwark/testing';
import {
  createUnits,
  eventCount,
  lawSchoolAndNorthCampus,
  RosterApp,
  startRosterApp,
  studentBody as student,
} from './test-support/roster-app';

/** What no single slice owns: input errors across routes, guards, docs, health, publishing. */
describe('roster service over HTTP (real PostgreSQL and NATS)', () => {
  let r: RosterApp;

  beforeAll(async () => {
    r = await startRosterApp('roster');
    await createUnits(r, lawSchoolAndNorthCampus);
    await r
      .http()
      .post('/students')
      .set('Authorization', r.office)
      .send(student('L001', { kind: 'on-campus', roomCode: 'n-101' }))
      .expect(201);
    // Reads come from projections that run after the commit: let them catch up first.
    await r.outbox.catchUp();
  });
  afterAll(async () => {
    await r.close();
  });

  it('answers bad input with 400 naming the field and the reason, and appends nothing', async () => {
    const onRoster = student('L022', { kind: 'off-campus', province: 'Hubei', city: 'Wuhan' });
    expect(
      (await r.http().post('/students').set('Authorization', r.office).send(onRoster)).status,
    ).toBe(201);
    const before = await eventCount(r);
    // Enrolment takes the student as new without reading; the store's version check still
    // refuses the second one, and the retry answers from the real stream.
    const enrolledTwice = await r
      .http()
      .post('/students')
      .set('Authorization', r.office)
      .send(onRoster);
    expect(enrolledTwice.status).toBe(409);
    expect(enrolledTwice.body.errors[0]).toMatchObject({ field: 'studentNumber' });
    expect(enrolledTwice.body.message).toContain('already on the roster');
    const wrongTypes = await r
      .http()
      .post('/students')
      .set('Authorization', r.office)
      .send({
        ...student('L020', { kind: 'off-campus', province: 'Shaanxi', city: "Xi'an" }),
        halal: 'yes',
        studentType: 'alien',
      });
    expect(wrongTypes.status).toBe(400);
    expect(wrongTypes.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'halal',
      'studentType',
    ]);
    const unknownClass = await r
      .http()
      .post('/students')
      .set('Authorization', r.office)
      .send(
        student(
          'L021',
          { kind: 'off-campus', province: 'Hubei', city: 'Wuhan', riskArea: true },
          'no-such-class',
        ),
      );
    expect(unknownClass.status).toBe(400);
    expect(unknownClass.body.errors[0]).toMatchObject({ field: 'classCode' });
    expect(unknownClass.body.message).toContain('no-such-class');
    const unknownField = await r
      .http()
      .post('/units')
      .set('Authorization', r.office)
      .send({ code: 'x', name: 'x', level: 'class', parentCode: 'law-2021', colour: 'red' });
    expect(unknownField.status).toBe(400);
    const overCapacity = await r
      .http()
      .post('/units')
      .set('Authorization', r.office)
      .send({ code: 'n-199', name: 'x', level: 'room', parentCode: 'n-c1-b1-f1', bedCapacity: 40 });
    expect(overCapacity.status).toBe(400);
    expect(overCapacity.body.errors[0].field).toBe('bedCapacity');
    const duplicate = await r
      .http()
      .post('/units')
      .set('Authorization', r.office)
      .send({ code: 'law', name: 'again', level: 'college', parentCode: 'uni' });
    expect(duplicate.status).toBe(409);
    const malformed = await r
      .http()
      .post('/roster-imports')
      .set('Authorization', r.office)
      .set('Content-Type', 'text/csv')
      .send(
        'student_number,name,type,class,gender,ethnicity,halal,phone,room,province,city,risk_area\nX1,"unclosed,undergraduate,law-2021-1,female,Han,no,12345,,Hubei,Wuhan,no\nX2,Ok,undergraduate,law-2021-1,female,Han,no,12345,,Hubei,Wuhan,no\nX3,Bad,wizard,law-2021-1,female,Han,no,12345,,Hubei,Wuhan,no\n',
      );
    expect(malformed.status).toBe(400);
    expect(malformed.body.details.errors.length).toBeGreaterThanOrEqual(2);
    for (const e of malformed.body.details.errors) expect(typeof e.line).toBe('number');
    expect(await eventCount(r)).toBe(before);
  });

  it('guards every route by role and scope: 401 without a token, 403 outside the scope', async () => {
    await r.http().get('/students/L001').expect(401);
    const otherCollege = r.token(['counsellor'], ['medicine']);
    const refused = await r.http().get('/students/L001').set('Authorization', otherCollege);
    expect(refused.status).toBe(403);
    const ownClass = r.token(['counsellor'], ['law-2021-1']);
    await r.http().get('/students/L001').set('Authorization', ownClass).expect(200);
    const dormLine = r.token(['counsellor'], ['n-c1']);
    await r.http().get('/students/L001').set('Authorization', dormLine).expect(200);
    const readOnly = await r
      .http()
      .post('/students')
      .set('Authorization', ownClass)
      .send(student('L030', { kind: 'off-campus', province: 'Hubei', city: 'Wuhan' }));
    expect(readOnly.status).toBe(403);
    const medicineOffice = r.token(['student-affairs'], ['medicine']);
    const before = await eventCount(r);
    const outOfScope = await r
      .http()
      .post('/students')
      .set('Authorization', medicineOffice)
      .send(student('L031', { kind: 'off-campus', province: 'Hubei', city: 'Wuhan' }));
    expect(outOfScope.status).toBe(403);
    expect(await eventCount(r)).toBe(before);
    await r.http().get('/health').expect(200);
    const docs = await r.http().get('/docs-json').expect(200);
    expect(Object.keys(docs.body.paths)).toEqual(
      expect.arrayContaining(['/students', '/roster-imports', '/relocations']),
    );
    const metrics = await r.http().get('/metrics').expect(200);
    expect(metrics.text).toContain('bulwark_events_appended_total');
    expect(metrics.text).toContain('bulwark_relay_lag_events');
  });

  it('publishes its events to JetStream as CloudEvents on bulwark.roster.<EventType>', async () => {
    const nc = await connect({ servers: r.config.natsUrl });
    try {
      const jsm = await jetstreamManager(nc);
      const stream = `${r.config.natsPrefix.toUpperCase()}_ROSTER`;
      await expectEventually(
        async () => {
          const info = await jsm.streams.info(stream);
          expect(info.state.messages).toBe(await eventCount(r));
        },
        { timeoutMs: 30_000 },
      );
      const m = await jsm.streams.getMessage(stream, {
        last_by_subj: `${r.config.natsPrefix}.bulwark.roster.StudentEnrolled`,
      });
      expect(m!.json()).toMatchObject({
        specversion: '1.0',
        type: 'bulwark.roster.StudentEnrolled.v1',
        source: 'urn:bulwark:roster',
      });
    } finally {
      await nc.drain();
    }
  });
});
