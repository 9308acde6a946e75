import { world } from '../test-support/world';

import { eventCount, reportingSuite } from '../test-support/reporting-suite';

describe('notices over HTTP (real PostgreSQL and NATS)', () => {
  const s = reportingSuite('notices');

  // The roster as the service suite leaves it before its notices: a third class, with S9.
  beforeAll(async () => {
    await s.feed.emit(
      s.feed.academic('sem-2021-3', '经管2021级3班', 'class', [
        'uni',
        'sem',
        'sem-2021',
        'sem-2021-3',
      ]),
      s.feed.enrolled('S9', ['uni', 'sem', 'sem-2021', 'sem-2021-3']),
    );
    await s.feed.settled();
  });

  describe('notices', () => {
    const publish = (token: string, body: object) =>
      s.r.http().post('/notices').set('Authorization', token).send(body);

    it('publishes to units on both lines; coverage per class and per building; a late joiner is expected too', async () => {
      const before = await eventCount(s.r);
      const room = await publish(s.r.office, {
        title: 't',
        body: 'b',
        audience: ['sem', 'cm1-b1-101'],
      });
      expect(room.status).toBe(400);
      expect(room.body.errors[0]).toMatchObject({ field: 'audience.1' });
      expect(room.body.message).toContain('is a room');
      await publish(s.r.office, { title: 't', body: 'b', audience: ['nowhere'] }).expect(400);
      await publish(s.r.office, { title: 't', body: 'b', audience: [] }).expect(400);
      await publish(s.as('L-1', ['league-secretary'], ['sem']), {
        title: 't',
        body: 'b',
        audience: ['cm1-b2'],
      }).expect(403);
      await publish(s.student('S1'), { title: 't', body: 'b', audience: ['sem'] }).expect(403);
      expect(await eventCount(s.r)).toBe(before);

      const published = await publish(s.r.office, {
        noticeId: 'pledge-1',
        title: '防疫承诺书',
        body: 'Read and acknowledge the prevention pledge.',
        audience: ['sem-2021', 'cm1-b2'],
      });
      expect(published.status).toBe(201);
      await publish(s.r.office, {
        noticeId: 'pledge-1',
        title: 'again',
        body: 'b',
        audience: ['sem'],
      }).expect(409);

      const ack = (n: string) =>
        s.r.http().post('/notices/pledge-1/acknowledgements').set('Authorization', s.student(n));
      expect((await ack('S1')).body).toMatchObject({
        acknowledged: true,
        alreadyAcknowledged: false,
      });
      expect((await ack('S1')).body).toMatchObject({
        acknowledged: true,
        alreadyAcknowledged: true,
      });
      await ack('L1').expect(201);
      await s.r
        .http()
        .post('/notices/nope/acknowledgements')
        .set('Authorization', s.student('S1'))
        .expect(404);

      await s.r.caughtUp();
      const coverage = await s.r
        .http()
        .get('/notices/pledge-1')
        .set('Authorization', s.r.office)
        .expect(200);
      expect(coverage.body).toMatchObject({ expected: 8, acknowledged: 2 });
      expect(coverage.body.byClass).toEqual([
        { classCode: 'law-2021-1', expected: 1, acknowledged: 1, coverage: 1 },
        { classCode: 'sem-2021-1', expected: 4, acknowledged: 1, coverage: 0.25 },
        { classCode: 'sem-2021-2', expected: 2, acknowledged: 0, coverage: 0 },
        { classCode: 'sem-2021-3', expected: 1, acknowledged: 0, coverage: 0 },
      ]);
      expect(coverage.body.byBuilding).toEqual([
        { buildingCode: 'cm1-b1', expected: 2, acknowledged: 1, coverage: 0.5 },
        { buildingCode: 'cm1-b2', expected: 1, acknowledged: 1, coverage: 1 },
        { buildingCode: 'off-campus', expected: 5, acknowledged: 0, coverage: 0 },
      ]);

      // a student who joins the audience later is expected too; one outside it may not acknowledge
      await s.feed.emit(s.feed.enrolled('S7', world.class2), s.feed.enrolled('L2', world.law1));
      await s.feed.settled();
      await s.r
        .http()
        .post('/notices/pledge-1/acknowledgements')
        .set('Authorization', s.student('L2'))
        .expect(403);
      const pending = await s.r
        .http()
        .get('/notices/pledge-1/unacknowledged')
        .set('Authorization', s.r.office)
        .expect(200);
      expect(pending.body.total).toBe(7);
      expect(pending.body.students.map((s: { studentNumber: string }) => s.studentNumber)).toEqual([
        'S2',
        'S3',
        'S4',
        'S5',
        'S6',
        'S7',
        'S9',
      ]);
      const mine = await s.r
        .http()
        .get('/students/S7/notices')
        .set('Authorization', s.student('S7'))
        .expect(200);
      expect(mine.body).toEqual([
        expect.objectContaining({ noticeId: 'pledge-1', acknowledged: false }),
      ]);
    });
  });
});
