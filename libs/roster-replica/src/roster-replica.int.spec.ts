import { resolve } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { streamOf } from '@bulwark/messaging';
import { migrateService, PG_POOL, testServiceConfig, type ServiceConfig } from '@bulwark/runtime';
import {
  createTestDatabase,
  createTestNats,
  expectEventually,
  spawnScript,
  type TestDatabase,
  type TestNats,
} from '@bulwark/testing';
import type { Pool, PoolClient } from 'pg';
import { RosterReplica } from './roster-replica';
import { ROSTER_REPLICA_INBOX } from './roster-replica.consumer';
import { rosterReplicaWriter } from './roster-replica-writer';
import { RosterFeed } from './test-support/roster-feed';
import {
  REPLICA_DURABLE,
  replicaServiceRuntime,
  startReplicaService,
} from './test-support/replica-service';

const academic = {
  university: ['uni'],
  college: ['uni', 'sci'],
  grade: ['uni', 'sci', 'sci-2022'],
  class1: ['uni', 'sci', 'sci-2022', 'sci-2022-1'],
  class2: ['uni', 'sci', 'sci-2022', 'sci-2022-2'],
};
const dorm = {
  campus: ['east'],
  community: ['east', 'e-c1'],
  building: ['east', 'e-c1', 'e-b1'],
  floor: ['east', 'e-c1', 'e-b1', 'e-b1-f1'],
  room101: ['east', 'e-c1', 'e-b1', 'e-b1-f1', 'e-b1-101'],
  room102: ['east', 'e-c1', 'e-b1', 'e-b1-f1', 'e-b1-102'],
  room103: ['east', 'e-c1', 'e-b1', 'e-b1-f1', 'e-b1-103'],
};
const onCampus = (roomPath: string[]) => ({
  kind: 'on-campus' as const,
  roomCode: roomPath.at(-1) ?? '',
  roomPath,
});

/** Crash tests wait for unacked messages to come back: keep the ack wait short. */
const ACK_WAIT_MS = 2000;

describe('the roster replica kit (real PostgreSQL and NATS)', () => {
  let db: TestDatabase;
  let nats: TestNats;
  let config: ServiceConfig;
  let feed: RosterFeed;
  let app: INestApplication | null = null;
  let pool: Pool;
  let replica: RosterReplica;

  const start = async () => {
    app = await startReplicaService(config, ACK_WAIT_MS);
    pool = app.get<Pool>(PG_POOL);
    replica = app.get(RosterReplica);
  };
  const count = async (sql: string, values: unknown[] = []): Promise<number> =>
    Number((await pool.query<{ n: string }>(sql, values)).rows[0]?.n);

  beforeAll(async () => {
    db = await createTestDatabase('replica');
    nats = await createTestNats('replica');
    config = testServiceConfig(db.url, nats);
    expect(await migrateService(replicaServiceRuntime(), config)).toEqual(
      expect.arrayContaining(['CreateInbox1763870500000', 'CreateRosterReplica1796601600000']),
    );
    feed = await RosterFeed.connect(nats.url, nats.prefix, REPLICA_DURABLE);
    await start();
    await feed.emit(
      feed.academic('uni', 'University', 'university', academic.university),
      feed.academic('sci', 'Science', 'college', academic.college),
      feed.academic('sci-2022', 'Science 2022', 'grade', academic.grade),
      feed.academic('sci-2022-1', 'Science 2022 class 1', 'class', academic.class1),
      feed.academic('sci-2022-2', 'Science 2022 class 2', 'class', academic.class2),
      feed.residential('east', 'East campus', 'campus', dorm.campus),
      feed.residential('e-c1', 'Community 1', 'community', dorm.community),
      feed.residential('e-b1', 'Building 1', 'building', dorm.building),
      feed.residential('e-b1-f1', 'Floor 1', 'floor', dorm.floor),
      feed.residential('e-b1-101', 'Room 101', 'room', dorm.room101),
      feed.residential('e-b1-102', 'Room 102', 'room', dorm.room102),
      feed.residential('e-b1-103', 'Room 103', 'room', dorm.room103),
      feed.staff('sci-2022-1', 'T-1', 'Teacher One', 'class-counsellor'),
      feed.staff('sci-2022-2', 'T-1', 'Teacher One', 'class-counsellor'),
      feed.staff('sci-2022-2', 'T-2', 'Teacher Two', 'class-counsellor'),
      feed.staff('e-b1', 'H-1', 'Head One', 'building-head'),
      feed.enrolled('S1', academic.class1, onCampus(dorm.room101), {
        ethnicity: 'Hui',
        halal: true,
      }),
      feed.enrolled('S2', academic.class1, onCampus(dorm.room101)),
      feed.enrolled('S3', academic.class2),
      feed.enrolled('S4', academic.class2, onCampus(dorm.room102)),
      feed.dietaryNeed('S4', true),
      feed.roomReserved('e-b1-103', 'isolation-reserve', 'rel-1'),
      feed.roomReserved('e-b1-102', 'other'),
    );
    await feed.settled();
  });

  afterAll(async () => {
    await app?.close();
    await feed?.close();
    await db?.drop();
    await nats?.removeStreams();
  });

  it('answers a student by number: name, class, college, room, dietary need, ethnicity, campus', async () => {
    expect(await replica.student('S1')).toEqual({
      studentNumber: 'S1',
      name: '学生 S1',
      classCode: 'sci-2022-1',
      classPath: academic.class1,
      collegeCode: 'sci',
      ethnicity: 'Hui',
      halal: true,
      onCampus: true,
      roomCode: 'e-b1-101',
      roomPath: dorm.room101,
      province: null,
      city: null,
    });
    expect(await replica.student('S3')).toMatchObject({
      onCampus: false,
      roomCode: null,
      province: 'Hubei',
      city: 'Wuhan',
      halal: false,
      ethnicity: 'Han',
    });
    // DietaryNeedRecorded, later in the student's stream than the enrolment, has the last word
    expect(await replica.student('S4')).toMatchObject({ halal: true, roomCode: 'e-b1-102' });
    expect(await replica.student('nobody')).toBeNull();
  });

  it('answers who lives in a room now', async () => {
    expect((await replica.roomOccupants('e-b1-101')).map((s) => s.studentNumber)).toEqual([
      'S1',
      'S2',
    ]);
    expect((await replica.roomOccupants('e-b1-102')).map((s) => s.studentNumber)).toEqual(['S4']);
    expect(await replica.roomOccupants('e-b1-103')).toEqual([]);
  });

  it('walks the unit tree up and down on both lines', async () => {
    expect(await replica.unit('sci-2022-1')).toEqual({
      code: 'sci-2022-1',
      name: 'Science 2022 class 1',
      line: 'academic',
      level: 'class',
      parentCode: 'sci-2022',
      path: academic.class1,
    });
    expect((await replica.ancestors('sci-2022-1')).map((u) => u.code)).toEqual([
      'uni',
      'sci',
      'sci-2022',
    ]);
    expect((await replica.descendants('sci')).map((u) => u.code)).toEqual([
      'sci-2022',
      'sci-2022-1',
      'sci-2022-2',
    ]);
    expect((await replica.ancestors('e-b1-101')).map((u) => u.level)).toEqual([
      'campus',
      'community',
      'building',
      'floor',
    ]);
    expect((await replica.descendants('e-c1')).map((u) => u.code)).toEqual([
      'e-b1',
      'e-b1-f1',
      'e-b1-101',
      'e-b1-102',
      'e-b1-103',
    ]);
    expect(await replica.ancestors('uni')).toEqual([]);
    expect(await replica.descendants('e-b1-101')).toEqual([]);
    expect([...(await replica.units(['east', 'sci', 'nowhere'])).keys()].sort()).toEqual([
      'east',
      'sci',
    ]);
  });

  it('lists reserved rooms with their purpose', async () => {
    expect(await replica.reservedRooms()).toEqual([
      { roomCode: 'e-b1-102', purpose: 'other', relocationId: null },
      { roomCode: 'e-b1-103', purpose: 'isolation-reserve', relocationId: 'rel-1' },
    ]);
    expect(await replica.reservedRooms('isolation-reserve')).toEqual([
      { roomCode: 'e-b1-103', purpose: 'isolation-reserve', relocationId: 'rel-1' },
    ]);
    expect(await replica.reservedRooms('logistics-staff')).toEqual([]);
  });

  it('answers the staff of a unit and the units of a staff member', async () => {
    expect(await replica.staffOf('sci-2022-2')).toEqual([
      {
        unitCode: 'sci-2022-2',
        staffId: 'T-1',
        staffName: 'Teacher One',
        role: 'class-counsellor',
      },
      {
        unitCode: 'sci-2022-2',
        staffId: 'T-2',
        staffName: 'Teacher Two',
        role: 'class-counsellor',
      },
    ]);
    expect((await replica.unitsOf('T-1')).map((a) => a.unitCode)).toEqual([
      'sci-2022-1',
      'sci-2022-2',
    ]);
    expect(await replica.unitsOf('H-1')).toEqual([
      { unitCode: 'e-b1', staffId: 'H-1', staffName: 'Head One', role: 'building-head' },
    ]);
  });

  it("drops a staff member roster unassigns, from roster's StaffUnassignedFromUnit on the bus", async () => {
    await feed.emit(
      feed.staff('e-b1-f1', 'F-1', 'Floor Head One', 'floor-head'),
      feed.staff('e-b1-f1', 'F-2', 'Floor Head Two', 'floor-head'),
    );
    await feed.settled();
    expect((await replica.staffOf('e-b1-f1')).map((a) => a.staffId)).toEqual(['F-1', 'F-2']);
    await feed.emit(feed.unassigned('e-b1-f1', 'F-1', 'floor-head'));
    await feed.settled();
    expect((await replica.staffOf('e-b1-f1')).map((a) => a.staffId)).toEqual(['F-2']);
    expect(await replica.unitsOf('F-1')).toEqual([]);
  });

  it('takes a staff unassignment in the version order of the unit stream, whatever the arrival order', async () => {
    const apply = async (write: (tx: PoolClient) => Promise<void>) => {
      const tx = await pool.connect();
      try {
        await tx.query('BEGIN');
        await write(tx);
        await tx.query('COMMIT');
      } finally {
        tx.release();
      }
    };
    const unassign = { unitCode: 'e-c1', staffId: 'C-1', role: 'community-counsellor' as const };
    const assign = { ...unassign, staffName: 'Counsellor One' };
    // the unassignment (v3) arrives before the assignment it undoes (v2)
    await apply((tx) => rosterReplicaWriter.staffUnassigned(tx, unassign, 3));
    await apply((tx) => rosterReplicaWriter.staffAssigned(tx, assign, 2));
    expect(await replica.staffOf('e-c1')).toEqual([]);
    // assigned again (v4): current; the late repeat of the unassignment changes nothing
    await apply((tx) => rosterReplicaWriter.staffAssigned(tx, assign, 4));
    await apply((tx) => rosterReplicaWriter.staffUnassigned(tx, unassign, 3));
    expect((await replica.staffOf('e-c1')).map((a) => a.staffId)).toEqual(['C-1']);
    await apply((tx) => rosterReplicaWriter.staffUnassigned(tx, unassign, 5));
    expect(await replica.unitsOf('C-1')).toEqual([]);
  });

  it('applies a redelivered event once and keeps the newest fact when events arrive late', async () => {
    const enrolled = feed.envelope(
      'student-R1',
      'StudentEnrolled',
      feed.enrolled('R1', academic.class1, onCampus(dorm.room101), { halal: false }).event.data,
    );
    const halal = feed.envelope(
      'student-R1',
      'DietaryNeedRecorded',
      feed.dietaryNeed('R1', true).event.data,
    );
    const moved = feed.envelope(
      'student-R1',
      'StudentAssignedToRoom',
      feed.assignedToRoom('R1', dorm.room102, 'e-b1-101').event.data,
    );
    const left = feed.envelope(
      'student-R1',
      'StudentLeftCampus',
      feed.leftCampus('R1', 'e-b1-102').event.data,
    );
    // newest first, the enrolment last, then every one again (same ids: redeliveries)
    await feed.publish(left, moved, halal, enrolled, enrolled, halal, moved, left);
    await feed.settled();
    expect(await replica.student('R1')).toMatchObject({
      classCode: 'sci-2022-1',
      halal: true,
      onCampus: false,
      roomCode: null,
      province: 'Gansu',
    });
    expect(await replica.roomOccupants('e-b1-102')).toHaveLength(1); // S4 only
    const inbox = await pool.query<{ event_id: string; n: string }>(
      `SELECT event_id, count(*) AS n FROM inbox WHERE consumer = $1 AND event_id = ANY($2) GROUP BY event_id`,
      [ROSTER_REPLICA_INBOX, [enrolled.id, halal.id, moved.id, left.id]],
    );
    expect(inbox.rows.map((r) => Number(r.n))).toEqual([1, 1, 1, 1]);
  });

  it('killed between committing an effect and acking it, loses and doubles nothing', async () => {
    await app?.close(); // the crashing process must be the only one consuming
    app = null;
    const students = Array.from({ length: 12 }, (_, i) => `K${String(i + 1).padStart(2, '0')}`);
    const envelopes = await feed.emit(
      ...students.map((n) => feed.enrolled(n, academic.class2, onCampus(dorm.room103))),
    );
    const crashing = spawnScript(resolve(__dirname, 'test-support/replica-service.ts'), {
      DATABASE_URL: db.url,
      NATS_URL: nats.url,
      NATS_PREFIX: nats.prefix,
      ACK_WAIT_MS: String(ACK_WAIT_MS),
      // the fifth event's effect and inbox row are committed, its ack never sent
      BULWARK_CRASH_AT: 'consumer.after-commit@5',
    });
    expect(await crashing.exited).toBe(137);
    await start();
    const applied = await count(
      `SELECT count(*) AS n FROM roster_replica_students WHERE student_number = ANY($1)`,
      [students],
    );
    expect(applied).toBeGreaterThanOrEqual(5);
    await expectEventually(
      async () => {
        const info = await feed.jsm.consumers.info(streamOf(nats, 'roster'), REPLICA_DURABLE);
        expect(info.num_pending).toBe(0);
        expect(info.num_ack_pending).toBe(0);
      },
      { timeoutMs: 20_000 },
    );
    expect((await replica.roomOccupants('e-b1-103')).map((s) => s.studentNumber)).toEqual(students);
    const inbox = await pool.query<{ n: string }>(
      `SELECT count(*) AS n FROM inbox WHERE consumer = $1 AND event_id = ANY($2)`,
      [ROSTER_REPLICA_INBOX, envelopes.map((e) => e.id)],
    );
    expect(Number(inbox.rows[0]?.n)).toBe(students.length);
  }, 60_000);
});
