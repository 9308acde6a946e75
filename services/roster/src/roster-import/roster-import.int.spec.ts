import { sampleCollege } from '../test-support/sample-roster';
import { createUnits, eventCount, RosterApp, startRosterApp } from '../test-support/roster-app';

describe('roster import over HTTP (real PostgreSQL and NATS)', () => {
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
});
