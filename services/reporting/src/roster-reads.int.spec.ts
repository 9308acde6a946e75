import { world } from './test-support/world';

import { DAY, reportingSuite } from './test-support/reporting-suite';

describe('the roster replica kept by reporting (real PostgreSQL and NATS)', () => {
  const s = reportingSuite('roster-replica');

  describe('the roster copy', () => {
    it('stays right when roster events arrive twice or late', async () => {
      const expectedBefore = Number(
        (
          await s.r.pool.query(
            `SELECT count(*) AS n FROM roster_replica_students WHERE college_code = 'sem'`,
          )
        ).rows[0].n,
      );
      const enrolled = s.feed.envelope(
        'student-R1',
        'StudentEnrolled',
        s.feed.enrolled('R1', world.class1, {
          kind: 'on-campus',
          roomCode: 'cm1-b1-101',
          roomPath: world.room101,
        }).event.data,
      );
      const left = s.feed.envelope(
        'student-R1',
        'StudentLeftCampus',
        s.feed.leftCampus('R1', 'cm1-b1-101').event.data,
      );
      const moved = s.feed.envelope(
        'student-R1',
        'StudentAssignedToRoom',
        s.feed.assignedToRoom('R1', world.room201, null).event.data,
      );
      // the move (v3) arrives first, then the leave (v2, late), the enrolment (v1, later still), then all again
      await s.feed.publish(moved, left, enrolled, enrolled, left, moved);
      await s.feed.settled();
      const { rows } = await s.r.pool.query(
        `SELECT * FROM roster_replica_students WHERE student_number = 'R1'`,
      );
      expect(rows[0]).toMatchObject({
        class_code: 'sem-2021-1',
        college_code: 'sem',
        on_campus: true,
        room_code: 'cm1-b2-201',
        province: null,
        residence_version: 3,
        enrolled_version: 1,
      });
      expect(
        Number(
          (
            await s.r.pool.query(
              `SELECT count(*) AS n FROM roster_replica_students WHERE college_code = 'sem'`,
            )
          ).rows[0].n,
        ),
      ).toBe(expectedBefore + 1);
      const inbox = await s.r.pool.query(
        `SELECT count(*) AS n FROM inbox WHERE event_id = ANY($1)`,
        [[enrolled.id, left.id, moved.id]],
      );
      expect(Number(inbox.rows[0].n)).toBe(3);
      await s.r.caughtUp();
      const day = await s.r.http().get(`/days/${DAY}`).set('Authorization', s.r.office).expect(200);
      expect(
        day.body.colleges.find((c: { collegeCode: string }) => c.collegeCode === 'sem').students
          .expected,
      ).toBe(expectedBefore + 1);
    });
  });
});
