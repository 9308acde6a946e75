import { expectEventually } from '@bulwark/testing';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import type { Response } from 'supertest';
import {
  reportingInfrastructure,
  ROSTER_DURABLE,
  startReportingApp,
  type ReportingApp,
  type TestInfrastructure,
} from '../test-support/reporting-app';
import { RosterFeed } from '@bulwark/roster-replica/test-support';
import { SettableClock } from '../test-support/settable-clock';
import { defined } from '../test-support/defined';

const DAY = '2022-04-02';
const ROUND = 'r-2022-04-02';

/**
 * The campus of these tests: community ta (building ta-b1: 3 floors, ta-b2: 2 floors) and
 * community tb (building tb-b1: 1 floor); 4 rooms a floor, 4 students a room: 92 students
 * on campus in classes tc-1..tc-3, and one student off campus.
 */
interface Layout {
  community: string;
  building: string;
  floors: number;
}
const layout: Layout[] = [
  { community: 'ta', building: 'ta-b1', floors: 3 },
  { community: 'ta', building: 'ta-b2', floors: 2 },
  { community: 'tb', building: 'tb-b1', floors: 1 },
];
const classPath = (i: number) => ['tu', 'tc', 'tc-g', `tc-${i}`];
const roomPathOf = (building: string, community: string, floor: number, room: number) => [
  'tmain',
  community,
  building,
  `${building}-f${floor}`,
  `${building}-f${floor}-r${room}`,
];

interface Seeded {
  studentNumber: string;
  classCode: string;
  roomPath: string[];
}

const eventCount = async (r: ReportingApp, type?: string) =>
  Number(
    (
      await r.pool.query(`SELECT count(*) AS n FROM events WHERE $1::text IS NULL OR type = $1`, [
        type ?? null,
      ])
    ).rows[0].n,
  );

async function seedCampus(feed: RosterFeed): Promise<Seeded[]> {
  const units = [
    feed.academic('tu', 'University', 'university', ['tu']),
    feed.academic('tc', 'College', 'college', ['tu', 'tc']),
    feed.academic('tc-g', 'Grade 2021', 'grade', ['tu', 'tc', 'tc-g']),
    ...[1, 2, 3].map((i) => feed.academic(`tc-${i}`, `Class ${i}`, 'class', classPath(i))),
    feed.residential('tmain', 'Main campus', 'campus', ['tmain']),
    feed.residential('ta', 'Community A', 'community', ['tmain', 'ta']),
    feed.residential('tb', 'Community B', 'community', ['tmain', 'tb']),
  ];
  const students: Seeded[] = [];
  for (const { community, building, floors } of layout) {
    units.push(feed.residential(building, building, 'building', ['tmain', community, building]));
    for (let f = 1; f <= floors; f += 1) {
      const floorPath = roomPathOf(building, community, f, 1).slice(0, 4);
      units.push(
        feed.residential(defined(floorPath[3]), defined(floorPath[3]), 'floor', floorPath),
      );
      for (let room = 1; room <= 4; room += 1) {
        const roomPath = roomPathOf(building, community, f, room);
        units.push(feed.residential(defined(roomPath[4]), defined(roomPath[4]), 'room', roomPath));
        for (let bed = 0; bed < 4; bed += 1) {
          const n = students.length + 1;
          students.push({
            studentNumber: `T${String(n).padStart(3, '0')}`,
            classCode: `tc-${(n % 3) + 1}`,
            roomPath,
          });
        }
      }
    }
  }
  await feed.emit(...units);
  await feed.emit(
    ...students.map((s) =>
      feed.enrolled(s.studentNumber, classPath(Number(s.classCode.slice(3))), {
        kind: 'on-campus',
        roomCode: defined(s.roomPath[4]),
        roomPath: s.roomPath,
      }),
    ),
    feed.enrolled('TOFF', classPath(1)),
  );
  await feed.settled();
  return students;
}

interface GroupView {
  groupId: string;
  community: string;
  start: string;
  end: string;
  route: string;
  size: number;
  students: {
    studentNumber: string;
    name: string;
    classCode: string;
    roomCode: string;
    building: string;
  }[];
}

describe('testing rounds over HTTP (real PostgreSQL and NATS)', () => {
  let infra: TestInfrastructure;
  let feed: RosterFeed;
  let r: ReportingApp;
  let students: Seeded[];
  const clock = new SettableClock(new Date(`${DAY}T06:00:00+08:00`));
  let planner: string;
  let collegeCounsellor: string;
  let class1Counsellor: string;
  let dormCounsellor: string;
  let lab: string;

  beforeAll(async () => {
    infra = await reportingInfrastructure('test-rounds');
    r = await startReportingApp(infra, clock);
    feed = await RosterFeed.connect(infra.config.natsUrl, infra.config.natsPrefix, ROSTER_DURABLE);
    students = await seedCampus(feed);
    planner = r.token(['student-affairs'], ['*'], 'SA-1');
    collegeCounsellor = r.token(['counsellor'], ['tc'], 'T-C');
    class1Counsellor = r.token(['counsellor'], ['tc-1'], 'T-C1');
    dormCounsellor = r.token(['counsellor'], ['ta', 'tb'], 'T-D');
    lab = r.token(['prevention-office'], ['*'], 'PO-1');
  }, 60_000);
  afterAll(async () => {
    await feed.close();
    await r.close();
    await infra.db.drop();
    // Streams outlive the service processes: the suite removes its own once they are closed.
    await infra.nats.removeStreams();
  });

  const get = (path: string, token = planner) =>
    r.http().get(`/test-rounds/${ROUND}${path}`).set('Authorization', token);
  const post = (path: string, body: object, token = planner) =>
    r.http().post(`/test-rounds/${ROUND}${path}`).set('Authorization', token).send(body);
  const put = (path: string, body: object, token: string) =>
    r.http().put(`/test-rounds/${ROUND}${path}`).set('Authorization', token).send(body);
  const communityGroups = async (community: string): Promise<GroupView[]> =>
    (await get(`/communities/${community}`).expect(200)).body.groups;
  const assignment = async (studentNumber: string) =>
    (await get(`/students/${studentNumber}`).expect(200)).body;
  /** Every request here that is refused must leave the store as it was. */
  const refused = async (send: () => Promise<Response>, status: number) => {
    const before = await eventCount(r);
    const res = await send();
    expect({ status: res.status, body: res.body }).toMatchObject({ status });
    expect(await eventCount(r)).toBe(before);
    return res;
  };

  let firstGroup: GroupView;

  it('plans a round: groups of at most 40, each student on campus in exactly one, routes never double-booked', async () => {
    const res = await r
      .http()
      .post('/test-rounds')
      .set('Authorization', planner)
      .send({
        roundId: ROUND,
        date: DAY,
        communities: ['ta', 'tb'],
        routes: [
          {
            community: 'ta',
            routes: [
              { name: 'east gate', fromBuildings: ['ta-b1'] },
              { name: 'west gate', fromBuildings: ['ta-b2'] },
            ],
          },
          { community: 'tb', routes: [{ name: 'south gate' }] },
        ],
        groupSize: 40,
        firstStart: '07:00',
        intervalMinutes: 10,
        slotMinutes: 20,
      });
    expect(res.status).toBe(201);
    expect(res.body.appended.TestRoundPlanned).toBe(1);

    const seen = new Map<string, string>();
    for (const community of ['ta', 'tb']) {
      const groups = await communityGroups(community);
      expect(groups.length).toBeGreaterThan(0);
      for (const g of groups) {
        expect(g.size).toBeLessThanOrEqual(40);
        expect(g.students).toHaveLength(g.size);
        for (const s of g.students) {
          expect(seen.has(s.studentNumber)).toBe(false);
          seen.set(s.studentNumber, g.groupId);
        }
      }
      const byRoute = new Map<string, GroupView[]>();
      for (const g of groups) byRoute.set(g.route, [...(byRoute.get(g.route) ?? []), g]);
      for (const onRoute of byRoute.values()) {
        const sorted = [...onRoute].sort((a, b) => (a.start < b.start ? -1 : 1));
        for (let i = 1; i < sorted.length; i += 1) {
          expect(defined(sorted[i]).start >= defined(sorted[i - 1]).end).toBe(true);
        }
      }
    }
    expect(seen.size).toBe(students.length);
    for (const s of students) {
      const a = await assignment(s.studentNumber);
      expect(a).toMatchObject({
        studentNumber: s.studentNumber,
        groupId: seen.get(s.studentNumber),
      });
      expect(a.start).toMatch(/^\d\d:\d\d$/);
      expect(a.route).toBeTruthy();
    }
    await get('/students/TOFF').expect(404);
    // A student reads their own assignment, not another's.
    await get('/students/T001', r.token(['student'], [], 'T001')).expect(200);
    await get('/students/T002', r.token(['student'], [], 'T001')).expect(403);
    // Staff read within their scopes.
    await get('/communities/tb', r.token(['counsellor'], ['ta'], 'T-A')).expect(403);
    await get('/communities/ta', r.token(['counsellor'], ['ta'], 'T-A')).expect(200);
    firstGroup = defined((await communityGroups('ta'))[0]);
  });

  it('records sampling for a group; a student outside the round is a 400 that appends nothing', async () => {
    const numbers = firstGroup.students.map((s) => s.studentNumber);
    const res = await post(`/groups/${firstGroup.groupId}/samples`, { studentNumbers: numbers });
    expect(res.status).toBe(201);
    expect(res.body.appended).toEqual({ TestGroupSampled: 1 });
    await refused(
      () => post(`/groups/${firstGroup.groupId}/samples`, { studentNumbers: ['TOFF'] }),
      400,
    );
  });

  it('re-plans after a relocation: the tested group keeps its students, others are regrouped', async () => {
    const tested = defined(firstGroup.students[0]).studentNumber;
    const untested = students.find(
      (s) =>
        s.roomPath[2] === 'ta-b2' &&
        !firstGroup.students.some((t) => t.studentNumber === s.studentNumber),
    )!;
    const tbRoom = roomPathOf('tb-b1', 'tb', 1, 1);
    await feed.emit(
      feed.assignedToRoom(
        tested,
        tbRoom,
        defined(defined(students.find((s) => s.studentNumber === tested)).roomPath[4]),
      ),
      feed.assignedToRoom(untested.studentNumber, tbRoom, defined(untested.roomPath[4])),
    );
    await feed.settled();
    const res = await post('/replan', { reason: 'relocation to tb-b1' });
    expect(res.status).toBe(201);
    expect(res.body.appended.TestRoundReplanned).toBe(1);

    const after = (await communityGroups('ta')).find((g) => g.groupId === firstGroup.groupId)!;
    expect(after.students.map((s) => s.studentNumber)).toEqual(
      firstGroup.students.map((s) => s.studentNumber),
    );
    expect(await assignment(tested)).toMatchObject({
      groupId: firstGroup.groupId,
      community: 'ta',
    });
    expect(await assignment(untested.studentNumber)).toMatchObject({ community: 'tb' });
    const all = [...(await communityGroups('ta')), ...(await communityGroups('tb'))];
    const numbers = all.flatMap((g) => g.students.map((s) => s.studentNumber));
    expect(new Set(numbers).size).toBe(numbers.length);
    expect(numbers.length).toBe(students.length);
    expect(all.every((g) => g.size <= 40)).toBe(true);
  });

  it('records results; a positive is reported in the store and on JetStream', async () => {
    const [positive, ...negative] = firstGroup.students.map((s) => s.studentNumber);
    const before = await eventCount(r, 'PositiveTestResultReported');
    const res = await post(
      '/results',
      {
        results: [
          { studentNumber: positive, result: 'positive' },
          ...negative.map((n) => ({ studentNumber: n, result: 'negative' })),
        ],
      },
      lab,
    );
    expect(res.status).toBe(201);
    expect(res.body.appended.PositiveTestResultReported).toBe(1);
    expect(await eventCount(r, 'PositiveTestResultReported')).toBe(before + 1);

    const nc = await connect({ servers: infra.config.natsUrl });
    try {
      const jsm = await jetstreamManager(nc);
      const stream = `${infra.config.natsPrefix.toUpperCase()}_REPORTING`;
      await expectEventually(async () => {
        const m = await jsm.streams.getMessage(stream, {
          last_by_subj: `${infra.config.natsPrefix}.bulwark.reporting.PositiveTestResultReported`,
        });
        expect(m!.json()).toMatchObject({
          type: 'bulwark.reporting.PositiveTestResultReported.v1',
          data: expect.objectContaining({ studentNumber: positive }),
        });
      });
    } finally {
      await nc.drain();
    }

    // A student of the round who was never sampled has no sample: 404, nothing appended.
    const unsampled = students.find(
      (s) => !firstGroup.students.some((t) => t.studentNumber === s.studentNumber),
    )!;
    await refused(
      () =>
        post(
          '/results',
          { results: [{ studentNumber: unsampled.studentNumber, result: 'negative' }] },
          lab,
        ),
      404,
    );
  });

  let classOnly: GroupView['students'][number];
  let dormOnly: GroupView['students'][number];

  it('takes both lines, finds the one-line students by name with class and room, refuses to close until resolved', async () => {
    const groups = [...(await communityGroups('ta')), ...(await communityGroups('tb'))];
    const inRound = groups.flatMap((g) => g.students);
    classOnly = defined(inRound[5]);
    dormOnly = defined(inRound[inRound.length - 3]);

    // A class outside the counsellor's scopes: 403, nothing appended.
    await refused(() => put('/class-tallies/tc-2', { studentNumbers: [] }, class1Counsellor), 403);

    await refused(() => post('/reconciliation', {}, collegeCounsellor), 409);

    for (const classCode of ['tc-1', 'tc-2', 'tc-3']) {
      const counted = inRound
        .filter((s) => s.classCode === classCode && s.studentNumber !== dormOnly.studentNumber)
        .map((s) => s.studentNumber);
      await put(
        `/class-tallies/${classCode}`,
        { studentNumbers: counted },
        collegeCounsellor,
      ).expect(200);
    }
    for (const building of ['ta-b1', 'ta-b2', 'tb-b1']) {
      const view = (await get(`/buildings/${building}`).expect(200)).body;
      const counted = view.groups
        .flatMap((g: GroupView) => g.students)
        .map((s: { studentNumber: string }) => s.studentNumber)
        .filter((n: string) => n !== classOnly.studentNumber);
      await put(`/dorm-tallies/${building}`, { studentNumbers: counted }, dormCounsellor).expect(
        200,
      );
    }

    const rec = await post('/reconciliation', {}, collegeCounsellor);
    expect(rec.status).toBe(201);
    expect(rec.body.appended.TallyDiscrepancyFound).toBe(2);
    const summary = (await get('').expect(200)).body;
    expect(summary.reconciliation.totals).toEqual({
      classLine: inRound.length - 1,
      dormLine: inRound.length - 1,
    });
    expect(summary.openDiscrepancies).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          kind: 'class-line-only',
          studentNumber: classOnly.studentNumber,
          name: classOnly.name,
          classCode: classOnly.classCode,
          roomCode: classOnly.roomCode,
        }),
        expect.objectContaining({
          kind: 'dorm-line-only',
          studentNumber: dormOnly.studentNumber,
          name: dormOnly.name,
          classCode: dormOnly.classCode,
          roomCode: dormOnly.roomCode,
        }),
      ]),
    );
    expect(summary.openDiscrepancies).toHaveLength(2);
    for (const d of summary.openDiscrepancies) expect(d.roomCode).toBeTruthy();

    const close = await refused(() => post('/close', {}), 409);
    const unresolved = JSON.stringify(close.body);
    expect(unresolved).toContain(classOnly.name);
    expect(unresolved).toContain(dormOnly.name);
  });

  it('closes once both discrepancies are resolved', async () => {
    for (const student of [classOnly, dormOnly]) {
      const kind = student === classOnly ? 'class-line-only' : 'dorm-line-only';
      const res = await post(
        `/discrepancies/${kind}:${student.studentNumber}/resolution`,
        { reason: 'error-corrected', note: 'counted on paper' },
        collegeCounsellor,
      );
      expect(res.status).toBe(201);
      expect(res.body.appended).toEqual({ TallyDiscrepancyResolved: 1 });
    }
    const close = await post('/close', {});
    expect(close.status).toBe(201);
    expect(close.body.appended).toEqual({ TestRoundClosed: 1 });
    const summary = (await get('').expect(200)).body;
    expect(summary).toMatchObject({ status: 'closed', openDiscrepancies: [] });
  });
});
