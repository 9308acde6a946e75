import { randomUUID } from 'node:crypto';
import {
  createUnits,
  eventCount,
  lawSchoolAndNorthCampus,
  RosterApp,
  startRosterApp,
  studentBody as student,
} from '../test-support/roster-app';

describe('students over HTTP (real PostgreSQL and NATS)', () => {
  let r: RosterApp;

  beforeAll(async () => {
    r = await startRosterApp('roster_students');
    await createUnits(r, lawSchoolAndNorthCampus);
  });
  afterAll(async () => {
    await r.close();
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
});
