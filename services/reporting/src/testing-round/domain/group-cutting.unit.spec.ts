import { minutesOf } from './clock-time';
import { planRound, type PlanRoundInput } from './group-cutting';
import {
  assignmentOf,
  assignmentsByStudent,
  groupsOfBuilding,
  groupsOfCommunity,
} from './dispatch-sheets';
import { rejectionOf } from '@bulwark/decider';
import { roomOf, student } from '../test-support/round-fixtures';
import { planViolations, routeOverlaps } from '../test-support/plan-invariants';
import { sampleDorms, seeded } from '../test-support/sample-dorms';
import { defined } from '../../test-support/defined';

const oneRoute = [{ community: 'cm1', routes: [{ name: 'main path' }] }];

const input = (overrides: Partial<PlanRoundInput> = {}): PlanRoundInput => ({
  roundId: 'r1',
  date: '2022-01-05',
  communities: 'all',
  students: [],
  routes: oneRoute,
  firstStart: '07:00',
  intervalMinutes: 5,
  slotMinutes: 15,
  ...overrides,
});

describe('planning a round of 2,458 students over several communities', () => {
  // given the 003 college's head count, all on campus in five communities
  const dorms = sampleDorms({ students: 2458, communities: 5 });
  // when the whole campus is planned in groups of 40
  const plan = planRound(input({ students: dorms.students, routes: dorms.routes }));

  it('puts every on-campus student in exactly one group of at most 40, rooms and fitting floors whole', () => {
    // then every invariant holds, checked exhaustively
    expect(planViolations(plan.groups, dorms.students, 40)).toEqual([]);
    expect(plan.studentCount).toBe(2458);
    expect(plan.oversizeRooms).toEqual([]);
    expect(Math.max(...plan.groups.map((g) => g.students.length))).toBeLessThanOrEqual(40);
    expect(plan.groups.length).toBeGreaterThanOrEqual(Math.ceil(2458 / 40));
    expect(plan.summary.map((s) => s.community)).toEqual(['cm1', 'cm2', 'cm3', 'cm4', 'cm5']);
    expect(plan.summary.reduce((n, s) => n + s.students, 0)).toBe(2458);
  });

  it('never double-books a route, and staggers each community from the first start', () => {
    expect(routeOverlaps(plan.groups)).toEqual([]);
    for (const community of dorms.communities) {
      const starts = groupsOfCommunity(plan.groups, community).map((g) => minutesOf(g.start));
      expect(starts[0]).toBe(minutesOf('07:00'));
      // staggered: no two groups of a community leave at the same time, 5 minutes apart at least
      for (let i = 1; i < starts.length; i += 1) {
        expect(defined(starts[i]) - defined(starts[i - 1])).toBeGreaterThanOrEqual(5);
      }
    }
    for (const group of plan.groups) {
      expect(minutesOf(group.end) - minutesOf(group.start)).toBe(15);
    }
  });

  it('takes a route from one of the group’s buildings whenever one is free at its start', () => {
    const routesOf = new Map(
      dorms.routes.flatMap((c) => c.routes.map((r) => [r.name, r.fromBuildings ?? []] as const)),
    );
    const busyAt = (route: string, at: number) =>
      plan.groups.some(
        (g) => g.route === route && minutesOf(g.start) <= at && at < minutesOf(g.end),
      );
    let own = 0;
    for (const group of plan.groups) {
      const ownRoutes = [...routesOf]
        .filter(([, from]) => from.some((b) => group.buildings.includes(b)))
        .map(([name]) => name);
      if (ownRoutes.includes(group.route)) own += 1;
      else {
        // then it took another route only because all of its own were busy
        for (const route of ownRoutes) expect(busyAt(route, minutesOf(group.start))).toBe(true);
      }
    }
    expect(own).toBeGreaterThan(plan.groups.length / 3);
  });

  it('is deterministic: the same students in another order give the same plan', () => {
    const random = seeded(99);
    const shuffled = [...dorms.students].sort(() => random() - 0.5);
    const again = planRound(input({ students: shuffled, routes: [...dorms.routes].reverse() }));
    expect(again.groups).toEqual(plan.groups);
  });

  it('covers only the communities asked for', () => {
    const two = planRound(
      input({ communities: ['cm2', 'cm4'], students: dorms.students, routes: dorms.routes }),
    );
    const expected = dorms.students.filter((s) => ['cm2', 'cm4'].includes(defined(s.roomPath[1])));
    expect(planViolations(two.groups, expected, 40)).toEqual([]);
    expect(two.communities).toEqual(['cm2', 'cm4']);
    expect(two.wholeCampus).toBe(false);
  });

  it('is readable per community, per building and per student', () => {
    const sheet = groupsOfCommunity(plan.groups, 'cm3');
    expect(sheet.every((g) => g.community === 'cm3')).toBe(true);
    expect(sheet.reduce((n, g) => n + g.students.length, 0)).toBe(
      dorms.students.filter((s) => s.roomPath[1] === 'cm3').length,
    );
    const building = 'cm3-b02';
    const parts = groupsOfBuilding(plan.groups, building);
    expect(parts.flatMap((p) => p.students.map((s) => s.studentNumber)).sort()).toEqual(
      [...dorms.buildings.get(building)!].sort(),
    );
    const someone = dorms.students[1234];
    const mine = assignmentOf(plan.groups, defined(someone).studentNumber)!;
    const group = plan.groups.find((g) => g.groupId === mine.groupId)!;
    expect(mine).toEqual({
      studentNumber: defined(someone).studentNumber,
      name: defined(someone).name,
      groupId: group.groupId,
      community: defined(someone).roomPath[1],
      building: defined(someone).roomPath[2],
      roomCode: defined(someone).roomCode,
      start: group.start,
      end: group.end,
      route: group.route,
    });
    expect(assignmentOf(plan.groups, 'nobody')).toBeNull();
    expect(assignmentsByStudent(plan.groups).size).toBe(2458);
  });
});

describe('packing groups along the dorm line', () => {
  it('keeps a floor together, starting a fresh group when it does not fit in the current one', () => {
    // given floor 1 with 30 students, floor 2 with 20, floor 3 with 10
    const students = [
      ...roomOf('101', 15, 1),
      ...roomOf('102', 15, 16),
      ...roomOf('201', 10, 31),
      ...roomOf('202', 10, 41),
      ...roomOf('301', 10, 51),
    ];
    const plan = planRound(input({ students }));
    // then floor 2 does not fit next to floor 1 (30 + 20 > 40): it starts group 2; floor 3 joins it
    expect(plan.groups.map((g) => [g.groupId, g.floors, g.students.length])).toEqual([
      ['cm1-g001', ['1'], 30],
      ['cm1-g002', ['2', '3'], 30],
    ]);
  });

  it('takes a floor larger than a group room by room, never splitting a room', () => {
    // given one floor of 12 rooms of 4 (48 students) and a second floor of 8
    const students = [
      ...Array.from({ length: 12 }, (_, r) =>
        roomOf(`1${String(r + 1).padStart(2, '0')}`, 4, r * 4 + 1),
      ).flat(),
      ...roomOf('201', 8, 100),
    ];
    const plan = planRound(input({ students }));
    expect(plan.groups.map((g) => g.students.length)).toEqual([40, 16]);
    expect(defined(plan.groups[1]).rooms).toEqual(['111', '112', '201']);
    expect(planViolations(plan.groups, students, 40)).toEqual([]);
  });

  it('orders codes naturally: floor 10 after floor 9, room 1001 after room 901', () => {
    const students = [
      ...roomOf('1001', 4, 1, { floor: 'f10' }),
      ...roomOf('901', 4, 10, { floor: 'f9' }),
    ];
    const plan = planRound(input({ students, groupSize: 4 }));
    expect(plan.groups.map((g) => g.floors[0])).toEqual(['f9', 'f10']);
  });

  it('cuts a room larger than a group into groups of its own and reports it', () => {
    const students = [...roomOf('101', 2, 1), ...roomOf('102', 7, 10), ...roomOf('103', 1, 20)];
    const plan = planRound(input({ students, groupSize: 3 }));
    expect(plan.oversizeRooms).toEqual(['102']);
    expect(plan.groups.map((g) => g.students.length)).toEqual([2, 3, 3, 2]);
    expect(planViolations(plan.groups, students, 3, plan.oversizeRooms)).toEqual([]);
  });
});

describe('assigning routes', () => {
  const tenGroups = Array.from({ length: 10 }, (_, i) =>
    roomOf(`${i + 1}01`, 40, i * 40 + 1, { floor: `f${i + 1}` }),
  ).flat();

  it('waits for the next start slot when every route is taken', () => {
    // given one route and groups that hold it 15 minutes, staggered every 5
    const plan = planRound(input({ students: tenGroups.slice(0, 120) }));
    // then each group waits until the route is clear
    expect(plan.groups.map((g) => `${g.start}-${g.end}`)).toEqual([
      '07:00-07:15',
      '07:15-07:30',
      '07:30-07:45',
    ]);
  });

  it('spreads groups over routes when there are enough, and prefers the building’s own route', () => {
    const students = [
      ...roomOf('101', 40, 1, { building: 'b1', floor: 'b1-1' }),
      ...roomOf('102', 40, 41, { building: 'b2', floor: 'b2-1' }),
      ...roomOf('103', 40, 81, { building: 'b2', floor: 'b2-2' }),
      ...roomOf('104', 40, 121, { building: 'b1', floor: 'b1-2' }),
    ];
    const routes = [
      {
        community: 'cm1',
        routes: [
          { name: 'open' },
          { name: 'from b2', fromBuildings: ['b2'] },
          { name: 'from b1', fromBuildings: ['b1'] },
        ],
      },
    ];
    const plan = planRound(input({ students, routes }));
    expect(plan.groups.map((g) => [g.buildings[0], g.start, g.route])).toEqual([
      ['b1', '07:00', 'from b1'],
      ['b1', '07:05', 'open'], // b1's route is busy until 07:15: the route free for longest
      ['b2', '07:10', 'from b2'],
      ['b2', '07:15', 'from b1'], // b2's is busy until 07:25; b1's is clear again at 07:15
    ]);
    expect(routeOverlaps(plan.groups)).toEqual([]);
  });

  it('refuses a plan that runs past midnight (400 routes)', () => {
    const late = input({ students: tenGroups, firstStart: '22:00', slotMinutes: 20 });
    expect(rejectionOf(() => planRound(late))).toMatchObject({ kind: 'invalid', field: 'routes' });
  });

  it('refuses a community with students but no routes (400 routes)', () => {
    const elsewhere = [student('x1', '101', { community: 'cm9' })];
    expect(rejectionOf(() => planRound(input({ students: elsewhere })))).toMatchObject({
      kind: 'invalid',
      field: 'routes',
    });
  });
});

describe('refusing bad planning input (400, naming the field)', () => {
  const one = roomOf('101', 2, 1);
  const first = defined(one[0]);
  it.each<[string, Partial<PlanRoundInput>, string]>([
    ['a date that does not exist', { date: '2022-02-30' }, 'date'],
    ['a group size of 0', { groupSize: 0 }, 'groupSize'],
    ['a fractional interval', { intervalMinutes: 2.5 }, 'intervalMinutes'],
    ['a start at 24:00', { firstStart: '24:00' }, 'firstStart'],
    ['no communities', { communities: [] }, 'communities'],
    ['a student listed twice', { students: [...one, first] }, 'students[2].studentNumber'],
    [
      'a room path not ending in the room',
      { students: [{ ...first, roomPath: ['main', 'cm1', 'b1', '1', '999'] }] },
      'students[0].roomPath',
    ],
    [
      'a class path of 3 codes',
      { students: [{ ...first, classPath: ['uni', 'sem', 'k1'] }] },
      'students[0].classPath',
    ],
    [
      'two routes of one name',
      { routes: [{ community: 'cm1', routes: [{ name: 'a' }, { name: 'a' }] }] },
      'routes[0].routes[1].name',
    ],
    ['a bad round id', { roundId: 'r 1' }, 'roundId'],
  ])('refuses %s', (_what, overrides, field) => {
    expect(rejectionOf(() => planRound(input({ students: one, ...overrides })))).toMatchObject({
      kind: 'invalid',
      field,
    });
  });
});
