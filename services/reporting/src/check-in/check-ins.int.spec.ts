import { PostgresEventStore } from '@bulwark/event-store';
import { CheckInSnapshots } from './check-in.snapshots';
import { checkInRecordSnapshot, evolveCheckIns, initialCheckInRecord } from './domain';
import { addDays } from '../rules/domain/reporting-day';
import { defined } from '../test-support/defined';

import { DAY, normal, reportingSuite } from '../test-support/reporting-suite';

describe('check-ins under load and over weeks (real PostgreSQL and NATS)', () => {
  const s = reportingSuite('check-ins');

  describe('concurrent check-ins', () => {
    it('keeps every one of concurrent check-ins of one student and day, numbered in turn, none lost', async () => {
      // A counsellor's late check-ins for S6, all at once: each is decided on the stream as read
      // with the others (one batched read); all but one fail their append and are decided again.
      const day = '2022-01-03';
      const temperatures = [36.1, 36.2, 36.3, 36.4];
      const answers = await Promise.all(
        temperatures.map((temperatureC) =>
          s.checkIn(s.counsellor2, {
            ...normal,
            health: { temperatureC, symptoms: [] },
            studentNumber: 'S6',
            day,
          }),
        ),
      );
      expect(answers.map((a) => a.status)).toEqual([201, 201, 201, 201]);
      const submissions = answers.map((a) => a.body.submission as number);
      expect([...submissions].sort()).toEqual([1, 2, 3, 4]);
      expect(answers.filter((a) => !a.body.amended)).toHaveLength(1);

      const stored = await s.r.pool.query<{ type: string; t: number; version: number }>(
        `SELECT type, (data->'health'->>'temperatureC')::float AS t, stream_version AS version
         FROM events WHERE stream_id = 'check-ins-S6' AND data->>'day' = $1 ORDER BY stream_version`,
        [day],
      );
      expect(stored.rows.map((e) => e.type)).toEqual([
        'CheckInSubmitted',
        'CheckInAmended',
        'CheckInAmended',
        'CheckInAmended',
      ]);
      expect(stored.rows.map((e) => e.t).sort()).toEqual(temperatures);

      await s.r.caughtUp();
      const history = await s.r
        .http()
        .get('/students/S6/check-ins')
        .set('Authorization', s.counsellor2)
        .expect(200);
      const thatDay = history.body.checkIns.filter((c: { day: string }) => c.day === day);
      expect(
        thatDay.map((c: { submission: number; health: { temperatureC: number } }) => [
          c.submission,
          c.health.temperatureC,
        ]),
      ).toEqual(
        submissions
          .map((n, i) => [n, temperatures[i]])
          .sort((a, b) => defined(a[0]) - defined(b[0])),
      );
      const latest = await s.r.pool.query(
        `SELECT submissions, temperature_c::float AS t FROM daily_check_ins WHERE day = $1 AND student_number = 'S6'`,
        [day],
      );
      expect(latest.rows).toEqual([{ submissions: 4, t: temperatures[submissions.indexOf(4)] }]);
    });
  });

  describe('check-in stream snapshots', () => {
    afterAll(() => s.clock.setBeijing(DAY, '09:00'));

    it('over weeks of check-ins, reads a snapshot and a few events and decides as the whole stream would', async () => {
      const streamId = 'check-ins-S5';
      const store = s.r.app.get(PostgresEventStore);
      const snapshots = s.r.app.get(CheckInSnapshots);
      const snapshotVersion = async () =>
        (
          await s.r.pool.query<{ v: number }>(
            'SELECT stream_version AS v FROM stream_snapshots WHERE stream_id = $1',
            [streamId],
          )
        ).rows[0]?.v ?? null;
      const flagged: string[] = [];
      const versions: (number | null)[] = [];
      const heads: number[] = [];
      for (let i = 1; i <= 24; i += 1) {
        const day = addDays(DAY, i);
        s.clock.setBeijing(day, '09:00');
        // A lost cache changes nothing but speed.
        if (i === 12) await s.r.pool.query('DELETE FROM stream_snapshots');
        // Snapshot writes failing (as if the service died right after each commit): check-ins
        // still land and decide right, from the last snapshot that was written.
        if (i === 15)
          await s.r.pool.query(
            'ALTER TABLE stream_snapshots ADD CONSTRAINT refuse_writes CHECK (false) NOT VALID',
          );
        if (i === 21)
          await s.r.pool.query('ALTER TABLE stream_snapshots DROP CONSTRAINT refuse_writes');
        const first = await s.checkIn(s.student('S5'), normal);
        expect(first.status).toBe(201);
        expect(first.body).toMatchObject({ day, submission: 1, amended: false });
        if (first.body.flaggedRepetitive) flagged.push(day);
        if (i % 5 === 0) {
          // The same answers again: an amendment that keeps the run of identical days going.
          const again = await s.checkIn(s.student('S5'), normal);
          expect(again.body).toMatchObject({ day, submission: 2, amended: true });
          if (again.body.flaggedRepetitive) flagged.push(day);
        }
        await snapshots.settled();
        versions.push(await snapshotVersion());
        heads.push((await store.readStream(streamId)).length);
      }
      // Twenty-four identical days in a row are one run, flagged once, though the snapshot
      // was dropped and went unwritten on the way.
      expect(flagged).toHaveLength(1);
      // Deleted on day 12: that check-in read the stream whole, and snapshotted it again.
      expect(versions[11]).toBe(heads[11]);
      expect(versions[14]).toBe(versions[13]); // writes refused from day 15
      expect(versions[19]).toBe(versions[13]);
      const whole = await store.readStream(streamId);
      const last = versions[23]!;
      expect(last).toBeGreaterThan(whole.length - 8);

      // The snapshot and the events after it fold to the record of the whole stream.
      const read = (await store.readStreamsFrom(checkInRecordSnapshot.kind, [streamId])).get(
        streamId,
      )!;
      expect(read.snapshot?.version).toBe(last);
      expect(read.events.map((e) => e.streamVersion)).toEqual(
        whole.filter((e) => e.streamVersion > last).map((e) => e.streamVersion),
      );
      const fromSnapshot = read.events.reduce(
        evolveCheckIns,
        checkInRecordSnapshot.restore(read.snapshot!.state),
      );
      expect(fromSnapshot).toEqual(whole.reduce(evolveCheckIns, initialCheckInRecord('S5')));
    });
  });
});
