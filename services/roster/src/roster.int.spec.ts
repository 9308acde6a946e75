import { randomUUID } from 'node:crypto';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { expectEventually } from '@bulwark/testing';
import { sampleCampus, sampleCollege } from './domain/roster-import/sample-roster';
import type { CreateUnit } from './domain/unit';
import { RosterApp, startRosterApp } from './test-support/roster-app';

const eventCount = async (r: RosterApp) =>
  Number((await r.pool.query('SELECT count(*) AS n FROM events')).rows[0].n);

async function createUnits(r: RosterApp, units: CreateUnit[]): Promise<void> {
  for (const unit of units) {
    const res = await r.http().post('/units').set('Authorization', r.office).send(unit);
    if (res.status !== 201)
      throw new Error(`unit ${unit.code}: ${res.status} ${JSON.stringify(res.body)}`);
  }
}

describe('roster service over HTTP (real PostgreSQL and NATS)', () => {
  let r: RosterApp;

  beforeAll(async () => {
    r = await startRosterApp('roster');
    await createUnits(r, [
      { code: 'uni', name: 'University', level: 'university', parentCode: null },
      { code: 'law', name: 'Law School', level: 'college', parentCode: 'uni' },
      { code: 'law-2021', name: 'Law 2021', level: 'grade', parentCode: 'law' },
      { code: 'law-2021-1', name: 'Law 2021 class 1', level: 'class', parentCode: 'law-2021' },
      { code: 'north', name: 'North campus', level: 'campus', parentCode: null },
      { code: 'n-c1', name: 'Community 1', level: 'community', parentCode: 'north' },
      { code: 'n-c1-b1', name: 'Building 1', level: 'building', parentCode: 'n-c1' },
      { code: 'n-c1-b1-f1', name: 'Floor 1', level: 'floor', parentCode: 'n-c1-b1' },
      { code: 'n-101', name: 'Room 101', level: 'room', parentCode: 'n-c1-b1-f1', bedCapacity: 2 },
      { code: 'n-102', name: 'Room 102', level: 'room', parentCode: 'n-c1-b1-f1', bedCapacity: 4 },
    ]);
  });
  afterAll(async () => {
    await r.close();
  });

  const student = (n: string, residence: object, classCode = 'law-2021-1') => ({
    studentNumber: n,
    name: `学生 ${n}`,
    studentType: 'undergraduate',
    classCode,
    gender: 'female',
    ethnicity: 'Hui',
    halal: true,
    phone: '+86 138 0000 0000',
    residence,
  });

  it('enrols, moves within capacity, and refuses a full room with 409 naming the room and its occupancy', async () => {
    for (const n of ['L001', 'L002']) {
      const res = await r
        .http()
        .post('/students')
        .set('Authorization', r.office)
        .send(student(n, { kind: 'on-campus', roomCode: 'n-101' }));
      expect(res.status).toBe(201);
    }
    await r
      .http()
      .post('/students')
      .set('Authorization', r.office)
      .send(student('L003', { kind: 'on-campus', roomCode: 'n-102' }))
      .expect(201);
    const before = await eventCount(r);
    const full = await r
      .http()
      .put('/students/L003/room')
      .set('Authorization', r.office)
      .send({ roomCode: 'n-101' });
    expect(full.status).toBe(409);
    expect(full.body.message).toContain('n-101');
    expect(full.body.details).toMatchObject({ roomCode: 'n-101', occupancy: 2, capacity: 2 });
    expect(await eventCount(r)).toBe(before);

    await r.outbox.catchUp();
    const view = await r.http().get('/students/L003').set('Authorization', r.office).expect(200);
    expect(view.body.residence).toMatchObject({ kind: 'on-campus', roomCode: 'n-102' });
    const room = await r.http().get('/units/n-101').set('Authorization', r.office).expect(200);
    expect(room.body).toMatchObject({ bedCapacity: 2, occupancy: 2 });
  });

  it('two concurrent moves into the last bed: one lands, the other gets 409; never over capacity', async () => {
    await r
      .http()
      .post('/units')
      .set('Authorization', r.office)
      .send({
        code: 'n-103',
        name: 'Room 103',
        level: 'room',
        parentCode: 'n-c1-b1-f1',
        bedCapacity: 1,
      })
      .expect(201);
    const [a, b] = await Promise.all([
      r
        .http()
        .post('/students')
        .set('Authorization', r.office)
        .send(student('L010', { kind: 'on-campus', roomCode: 'n-103' })),
      r
        .http()
        .post('/students')
        .set('Authorization', r.office)
        .send(student('L011', { kind: 'on-campus', roomCode: 'n-103' })),
    ]);
    expect([a.status, b.status].sort()).toEqual([201, 409]);
    await r.outbox.catchUp();
    expect((await r.http().get('/units/n-103').set('Authorization', r.office)).body.occupancy).toBe(
      1,
    );
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

  it('returns the first answer to a repeated Idempotency-Key and appends once', async () => {
    const key = randomUUID();
    const first = await r
      .http()
      .post('/students')
      .set('Authorization', r.office)
      .set('Idempotency-Key', key)
      .send(student('L040', { kind: 'off-campus', province: 'Hebei', city: 'Baoding' }));
    expect(first.status).toBe(201);
    const before = await eventCount(r);
    const again = await r
      .http()
      .post('/students')
      .set('Authorization', r.office)
      .set('Idempotency-Key', key)
      .send(student('L040', { kind: 'off-campus', province: 'Hebei', city: 'Baoding' }));
    expect(again.status).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toEqual(first.body);
    expect(await eventCount(r)).toBe(before);
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

describe('roster bulk work (real PostgreSQL and NATS)', () => {
  let r: RosterApp;
  beforeAll(async () => {
    r = await startRosterApp('roster_bulk');
  });
  afterAll(async () => {
    await r.close();
  });

  it('imports the 2,458-student college in one request; both lines then count the same students; a re-sent file changes nothing', async () => {
    const college = sampleCollege();
    await createUnits(r, college.units);
    const post = () =>
      r
        .http()
        .post('/roster-imports')
        .set('Authorization', r.office)
        .set('Content-Type', 'text/csv');

    const dry = await post().query({ dryRun: 'true' }).send(college.csv);
    expect(dry.status).toBe(201);
    expect(dry.body).toMatchObject({ dryRun: true, rows: 2458, enrolled: 2458, unchanged: 0 });
    const before = await eventCount(r);

    const imported = await post().send(college.csv);
    expect(imported.status).toBe(201);
    expect(imported.body).toMatchObject({ dryRun: false, rows: 2458, enrolled: 2458 });
    const afterImport = await eventCount(r);
    expect(afterImport - before).toBe(2458 + college.expected.onCampus); // StudentEnrolled + BedAllocated

    await r.outbox.catchUp();
    const counts = await r
      .http()
      .get('/units/sem/head-counts')
      .set('Authorization', r.office)
      .expect(200);
    expect(counts.body.academic.total).toBe(2458);
    expect(counts.body.residential).toMatchObject({ total: 2458, onCampus: 6, offCampus: 2452 });
    expect(counts.body.linesAgree).toBe(true);
    for (const [classCode, n] of Object.entries(college.expected.byClass)) {
      expect(counts.body.academic.byUnit[classCode]).toBe(n);
    }

    const again = await post().send(college.csv);
    expect(again.status).toBe(201);
    expect(again.body).toMatchObject({ enrolled: 0, unchanged: 2458 });
    expect(await eventCount(r)).toBe(afterImport);
  }, 120_000);

  it('relocates 200 rooms in one command, all or nothing', async () => {
    await r.close();
    r = await startRosterApp('roster_relocation');
    const campus = sampleCampus({
      students: 900,
      onCampusShare: 1,
      bedsPerRoom: 4,
      spareRoomShare: 1.2,
      seed: 7,
    });
    await createUnits(r, campus.units);
    await r
      .http()
      .post('/roster-imports')
      .set('Authorization', r.office)
      .set('Content-Type', 'text/csv')
      .send(campus.csv)
      .expect(201);
    const byRoom = campus.expected.byRoom;
    const occupied = Object.keys(byRoom)
      .filter((c) => byRoom[c] > 0)
      .sort((a, b) => byRoom[b] - byRoom[a])
      .slice(0, 200);
    const empty = campus.units
      .filter((u) => u.level === 'room' && !byRoom[u.code])
      .map((u) => u.code)
      .slice(0, 200);
    expect(occupied).toHaveLength(200);
    expect(empty).toHaveLength(200);
    expect(byRoom[occupied[0]] + byRoom[occupied[1]]).toBeGreaterThan(4);
    const before = await eventCount(r);

    // Two full rooms sent into one empty room: the whole command is refused, naming it.
    const overfull = occupied.map((from, i) => ({ fromRoomCode: from, toRoomCode: empty[i] }));
    overfull[1] = { fromRoomCode: occupied[1], toRoomCode: empty[0] };
    const refused = await r.http().post('/relocations').set('Authorization', r.office).send({
      relocationId: 'emergency-1',
      reason: 'logistics staff',
      freedFor: 'logistics-staff',
      moves: overfull,
    });
    expect(refused.status).toBe(409);
    expect(refused.body.details.overfull).toEqual([
      expect.objectContaining({
        roomCode: empty[0],
        capacity: 4,
        occupancy: byRoom[occupied[0]] + byRoom[occupied[1]],
      }),
    ]);
    expect(await eventCount(r)).toBe(before);

    const moves = occupied.map((from, i) => ({ fromRoomCode: from, toRoomCode: empty[i] }));
    const done = await r.http().post('/relocations').set('Authorization', r.office).send({
      relocationId: 'emergency-2',
      reason: 'free building for the isolation reserve',
      freedFor: 'isolation-reserve',
      moves,
    });
    expect(done.status).toBe(201);
    expect(done.body).toMatchObject({ relocationId: 'emergency-2', rooms: 400 });
    await r.outbox.catchUp();
    for (const i of [0, 99, 199]) {
      const from = (await r.http().get(`/units/${occupied[i]}`).set('Authorization', r.office))
        .body;
      const to = (await r.http().get(`/units/${empty[i]}`).set('Authorization', r.office)).body;
      expect(from).toMatchObject({ occupancy: 0, reservedFor: 'isolation-reserve' });
      expect(to.occupancy).toBe(campus.expected.byRoom[occupied[i]]);
    }
  }, 180_000);
});
