import {
  createUnits,
  eventCount,
  lawSchoolAndNorthCampus,
  RosterApp,
  startRosterApp,
} from '../test-support/roster-app';

/** Who holds which role over which unit: assigning, reassigning and unassigning over HTTP. */
describe('staff of a unit over HTTP (real PostgreSQL and NATS)', () => {
  let r: RosterApp;

  beforeAll(async () => {
    r = await startRosterApp('roster_staff');
    await createUnits(r, lawSchoolAndNorthCampus);
  });
  afterAll(async () => {
    await r.close();
  });

  const assign = (unitCode: string, staffId: string, role: string) =>
    r
      .http()
      .post(`/units/${unitCode}/staff`)
      .set('Authorization', r.office)
      .send({ staffId, staffName: `Teacher ${staffId}`, role });
  const staffOf = async (unitCode: string) => {
    await r.outbox.catchUp();
    const res = await r.http().get(`/units/${unitCode}`).set('Authorization', r.office).expect(200);
    return (res.body.staff as { staffId: string; role: string }[]).map(
      (s) => `${s.staffId}:${s.role}`,
    );
  };
  const unitEvents = async (unitCode: string) =>
    (
      await r.pool.query<{ type: string; data: Record<string, unknown> }>(
        `SELECT type, data FROM events WHERE stream_id = $1 ORDER BY stream_version`,
        [`unit-${unitCode}`],
      )
    ).rows;

  it('replaces a class counsellor: the previous one is unassigned in the same commit', async () => {
    await assign('law-2021-1', 'T-1', 'class-counsellor').expect(201);
    expect(await staffOf('law-2021-1')).toEqual(['T-1:class-counsellor']);
    await assign('law-2021-1', 'T-2', 'class-counsellor').expect(201);
    expect(await staffOf('law-2021-1')).toEqual(['T-2:class-counsellor']);
    expect((await unitEvents('law-2021-1')).slice(-2)).toEqual([
      {
        type: 'StaffUnassignedFromUnit',
        data: {
          unitCode: 'law-2021-1',
          staffId: 'T-1',
          role: 'class-counsellor',
          replacedBy: 'T-2',
        },
      },
      {
        type: 'StaffAssignedToUnit',
        data: {
          unitCode: 'law-2021-1',
          staffId: 'T-2',
          staffName: 'Teacher T-2',
          role: 'class-counsellor',
        },
      },
    ]);
  });

  it('unassigns with DELETE /units/:code/staff/:staffId, by role or every role', async () => {
    await assign('law', 'T-9', 'league-secretary').expect(201);
    await assign('law', 'T-9', 'party-secretary').expect(201);
    await assign('law', 'T-8', 'deputy-party-secretary').expect(201);
    const one = await r
      .http()
      .delete('/units/law/staff/T-9?role=party-secretary')
      .set('Authorization', r.office)
      .expect(200);
    expect(one.body).toMatchObject({
      unitCode: 'law',
      staffId: 'T-9',
      roles: ['party-secretary'],
    });
    expect(await staffOf('law')).toEqual(['T-8:deputy-party-secretary', 'T-9:league-secretary']);
    await r.http().delete('/units/law/staff/T-8').set('Authorization', r.office).expect(200);
    expect(await staffOf('law')).toEqual(['T-9:league-secretary']);
  });

  it('answers 404 naming the field for someone not assigned, a role not held, a unit that is not; 400 for an unknown role; nothing appended', async () => {
    await assign('n-c1-b1-f1', 'S-1', 'floor-head').expect(201);
    await assign('n-c1-b1-f1', 'S-2', 'floor-head').expect(201);
    expect(await staffOf('n-c1-b1-f1')).toEqual(['S-1:floor-head', 'S-2:floor-head']);
    const before = await eventCount(r);
    const del = (path: string) => r.http().delete(path).set('Authorization', r.office);
    const notAssigned = await del('/units/n-c1-b1-f1/staff/S-3');
    expect(notAssigned.status).toBe(404);
    expect(notAssigned.body.errors[0]).toMatchObject({ field: 'staffId' });
    const notHeld = await del('/units/n-c1-b1-f1/staff/S-1?role=building-head');
    expect(notHeld.status).toBe(404);
    expect(notHeld.body.errors[0]).toMatchObject({ field: 'role' });
    const noUnit = await del('/units/nowhere/staff/S-1');
    expect(noUnit.status).toBe(404);
    expect(noUnit.body.errors[0]).toMatchObject({ field: 'unitCode' });
    expect((await del('/units/n-c1-b1-f1/staff/S-1?role=dean')).status).toBe(400);
    expect(await eventCount(r)).toBe(before);
    await del('/units/n-c1-b1-f1/staff/S-1').expect(200);
    expect((await del('/units/n-c1-b1-f1/staff/S-1')).status).toBe(404);
    expect(await staffOf('n-c1-b1-f1')).toEqual(['S-2:floor-head']);
  });

  it('takes student-affairs within scope: a counsellor may not unassign', async () => {
    const counsellor = r.token(['counsellor'], ['law']);
    const res = await r.http().delete('/units/law/staff/T-9').set('Authorization', counsellor);
    expect(res.status).toBe(403);
    const otherCollege = r.token(['student-affairs'], ['north']);
    expect(
      (await r.http().delete('/units/law/staff/T-9').set('Authorization', otherCollege)).status,
    ).toBe(403);
    expect(await staffOf('law')).toEqual(['T-9:league-secretary']);
  });
});
