import { sampleCampus } from '../test-support/sample-roster';
import { createUnits, eventCount, RosterApp, startRosterApp } from '../test-support/roster-app';

/** The code at `i` of a list the test has checked is long enough. */
function at(codes: readonly string[], i: number): string {
  const code = codes[i];
  if (code === undefined) throw new Error(`no room ${i} of ${codes.length}`);
  return code;
}

describe('relocations over HTTP (real PostgreSQL and NATS)', () => {
  let r: RosterApp;
  beforeAll(async () => {
    r = await startRosterApp('roster_relocation');
  });
  afterAll(async () => {
    await r.close();
  });

  it('relocates 200 rooms in one command, all or nothing', async () => {
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
    const occupantsOf = (code: string): number => byRoom[code] ?? 0;
    const occupied = Object.keys(byRoom)
      .filter((c) => occupantsOf(c) > 0)
      .sort((a, b) => occupantsOf(b) - occupantsOf(a))
      .slice(0, 200);
    const empty = campus.units
      .filter((u) => u.level === 'room' && !byRoom[u.code])
      .map((u) => u.code)
      .slice(0, 200);
    expect(occupied).toHaveLength(200);
    expect(empty).toHaveLength(200);
    const fullest = occupantsOf(at(occupied, 0)) + occupantsOf(at(occupied, 1));
    expect(fullest).toBeGreaterThan(4);
    const before = await eventCount(r);

    // Two full rooms sent into one empty room: the whole command is refused, naming it.
    const overfull = occupied.map((from, i) => ({ fromRoomCode: from, toRoomCode: at(empty, i) }));
    overfull[1] = { fromRoomCode: at(occupied, 1), toRoomCode: at(empty, 0) };
    const refused = await r.http().post('/relocations').set('Authorization', r.office).send({
      relocationId: 'emergency-1',
      reason: 'logistics staff',
      freedFor: 'logistics-staff',
      moves: overfull,
    });
    expect(refused.status).toBe(409);
    expect(refused.body.details.overfull).toEqual([
      expect.objectContaining({
        roomCode: at(empty, 0),
        capacity: 4,
        occupancy: fullest,
      }),
    ]);
    expect(await eventCount(r)).toBe(before);

    const moves = occupied.map((from, i) => ({ fromRoomCode: from, toRoomCode: at(empty, i) }));
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
      const source = at(occupied, i);
      const from = (await r.http().get(`/units/${source}`).set('Authorization', r.office)).body;
      const to = (
        await r
          .http()
          .get(`/units/${at(empty, i)}`)
          .set('Authorization', r.office)
      ).body;
      expect(from).toMatchObject({ occupancy: 0, reservedFor: 'isolation-reserve' });
      expect(to.occupancy).toBe(occupantsOf(source));
    }
  }, 180_000);
});
