import { decidePlanRound, decideReplanRound } from './plan-decisions';
import type { RoundStudent } from './roster-input';
import { decideAssignGroupLeader } from './sampling';
import { groupsOf, isTested, studentOf, type TestRoundState } from './state';
import { expectContractConformance } from '../../test-support/contract-check';
import { planCommand, RoundHistory, student, typesOf } from '../test-support/round-fixtures';
import { planViolations, routeOverlaps } from '../test-support/plan-invariants';
import { sampleDorms } from '../test-support/sample-dorms';
import { defined } from '../../test-support/defined';

import {
  open,
  small,
  smallRoutes,
  plannedSmall,
  sample,
  cm1Counsellor,
  classTally,
  close,
} from '../test-support/small-round';

describe('planning a round (the aggregate)', () => {
  it('emits the summary, then one TestGroupFormed per group, all conforming to their contracts', () => {
    // given no round; when it is planned
    const stream = plannedSmall();
    // then
    expect(typesOf(stream.events)).toEqual([
      'TestRoundPlanned',
      'TestGroupFormed',
      'TestGroupFormed',
      'TestGroupFormed',
      'TestGroupFormed',
    ]);
    expect(defined(stream.events[0]).data).toMatchObject({
      roundId: 'r1',
      wholeCampus: true,
      communities: [
        { community: 'cm1', groups: 3, students: 12 },
        { community: 'cm2', groups: 1, students: 4 },
      ],
      groupCount: 4,
      studentCount: 16,
      firstGroupStart: '07:00',
      lastGroupEnd: '07:30',
    });
    expect(groupsOf(open(stream.state)).map((g) => [g.groupId, g.rooms, g.route, g.start])).toEqual(
      [
        ['cm1-g001', ['r101'], 'east', '07:00'],
        ['cm1-g002', ['r102'], 'west', '07:05'],
        ['cm1-g003', ['r201'], 'east', '07:15'],
        ['cm2-g001', ['r301'], 'south', '07:00'],
      ],
    );
    expect(open(stream.state).groupOf.size).toBe(16);
    expect(stream.refold()).toEqual(stream.state);
    expectContractConformance(stream.events);
  });

  it('refuses to plan a round twice (409 roundId) and anything on a round never planned (404)', () => {
    const stream = plannedSmall();
    stream
      .given()
      .when((s) => decidePlanRound(planCommand({ students: small, routes: smallRoutes }), s))
      .thenRejects('conflict', 'roundId');
    const none = new RoundHistory('r1');
    none
      .given()
      .when(sample('cm1-g001', ['s1']))
      .thenRejects('not-found', 'roundId');
    none.given().when(close).thenRejects('not-found', 'roundId');
  });

  it('lets the community counsellor dispatch a cadre to lead a group, in their community only', () => {
    const stream = plannedSmall();
    const assign =
      (groupId: string, by = cm1Counsellor) =>
      (s: TestRoundState) =>
        decideAssignGroupLeader(
          { roundId: 'r1', groupId, leaderId: 'C-12', leaderName: '张伟', assignedBy: by },
          s,
        );
    expect(typesOf(stream.run(assign('cm1-g001')))).toEqual(['TestGroupLeaderAssigned']);
    expect(open(stream.state).groups.get('cm1-g001')!.leader).toEqual({ id: 'C-12', name: '张伟' });
    expect(stream.run(assign('cm1-g001'))).toEqual([]);
    stream.given().when(assign('cm2-g001')).thenRejects('forbidden', 'groupId');
    stream.given().when(assign('cm9-g001')).thenRejects('not-found', 'groupId');
  });
});

describe('re-planning after a relocation', () => {
  const dorms = sampleDorms({ students: 2458, communities: 5 });

  /** Planned; the first two groups of cm1 and the first of cm2 have sampling recorded. */
  function underway() {
    const stream = new RoundHistory('r1');
    stream.run((s) =>
      decidePlanRound(planCommand({ students: dorms.students, routes: dorms.routes }), s),
    );
    const groups = groupsOf(open(stream.state));
    const tested = [
      ...groups.filter((g) => g.community === 'cm1').slice(0, 2),
      groups.find((g) => g.community === 'cm2')!,
    ];
    for (const group of tested)
      stream.run(sample(group.groupId, [defined(group.students[0]).studentNumber]));
    return { stream, before: open(stream.state), tested: tested.map((g) => g.groupId) };
  }

  it('keeps tested groups as they are and regroups the rest around the relocation', () => {
    const { stream, before, tested } = underway();
    const untested = groupsOf(before).filter((g) => !isTested(g));
    // given a relocation: the rooms of an untested cm1 group move to a new building of cm2,
    const movedGroup = untested.find((g) => g.community === 'cm1')!;
    const movedRooms = new Set(movedGroup.rooms);
    // a student of a tested group moves too (they stay in their tested group),
    const testedMover = defined(
      defined(before.groups.get(defined(tested[0]))).students[5],
    ).studentNumber;
    // three students of untested groups leave campus, and two students come back to campus
    const leavers = untested.slice(3, 6).map((g) => defined(g.students[0]).studentNumber);
    const relocated = (s: RoundStudent): RoundStudent => {
      if (movedRooms.has(s.roomCode) || s.studentNumber === testedMover) {
        const room = `cm2-b99-1${s.roomCode.slice(-2)}`;
        return { ...s, roomCode: room, roomPath: ['main', 'cm2', 'cm2-b99', 'cm2-b99-f1', room] };
      }
      return s;
    };
    const returners = [
      student('2099000001', 'cm3-b01-101', {
        community: 'cm3',
        building: 'cm3-b01',
        floor: 'cm3-b01-f1',
      }),
      student('2099000002', 'cm3-b01-101', {
        community: 'cm3',
        building: 'cm3-b01',
        floor: 'cm3-b01-f1',
      }),
    ];
    const now = [
      ...dorms.students.filter((s) => !leavers.includes(s.studentNumber)).map(relocated),
      ...returners,
    ];

    // when the round is re-planned from the roster as it is now
    const events = stream.run((s) =>
      decideReplanRound(
        { roundId: 'r1', students: now, reason: 'relocation reloc-7', replannedBy: 'office-1' },
        s,
      ),
    );
    const after = open(stream.state);

    // then the tested groups are exactly as they were, their students included
    for (const groupId of tested)
      expect(after.groups.get(groupId)).toBe(before.groups.get(groupId));
    expect(studentOf(after, testedMover)!.group.groupId).toBe(tested[0]);
    // the leavers are out of the round, the returners and the moved rooms are in new groups
    expect(defined(events[0]).data).toMatchObject({ revision: 2 });
    expect(
      [
        ...(defined(events[0]).data as { removedStudentNumbers: string[] }).removedStudentNumbers,
      ].sort(),
    ).toEqual([...leavers].sort());
    for (const n of leavers) expect(studentOf(after, n)).toBeUndefined();
    for (const s of returners)
      expect(studentOf(after, s.studentNumber)!.group.community).toBe('cm3');
    const movedOne = defined(movedGroup.students[0]).studentNumber;
    expect(studentOf(after, movedOne)!.group.community).toBe('cm2');
    expect(studentOf(after, movedOne)!.group.rooms[0]).toMatch(/^cm2-b99-/);

    // every invariant holds over the new groups; nobody is in two groups; routes never clash
    const keptStudents = new Set(
      tested.flatMap((id) => after.groups.get(id)!.students.map((s) => s.studentNumber)),
    );
    const regroupedExpected = now.filter((s) => !keptStudents.has(s.studentNumber));
    const formed = groupsOf(after).filter((g) => !tested.includes(g.groupId));
    expect(planViolations(formed, regroupedExpected, 40)).toEqual([]);
    expect(after.groupOf.size).toBe(keptStudents.size + regroupedExpected.length);
    expect(routeOverlaps(groupsOf(after))).toEqual([]);
    // new groups never reuse an id; groups nobody moved in or out of keep theirs, unchanged
    const oldIds = new Set(before.groups.keys());
    const formedIds = events
      .filter((e) => e.type === 'TestGroupFormed')
      .map((e) => (e.data as { groupId: string }).groupId);
    expect(formedIds.length).toBeGreaterThan(0);
    for (const id of formedIds) expect(oldIds.has(id)).toBe(false);
    const untouched = groupsOf(before).filter((g) => ['cm4', 'cm5'].includes(g.community));
    for (const group of untouched) expect(after.groups.get(group.groupId)).toBe(group);
    expect(stream.refold()).toEqual(stream.state);
    expectContractConformance(stream.events.slice(-events.length));
  });

  it('changes nothing when nobody moved', () => {
    const { stream } = underway();
    expect(
      stream.run((s) =>
        decideReplanRound(
          { roundId: 'r1', students: dorms.students, reason: 'check', replannedBy: 'office-1' },
          s,
        ),
      ),
    ).toEqual([]);
  });

  it('refuses once the counting has started (409), and bad students (400)', () => {
    const stream = plannedSmall();
    const replan = (students: RoundStudent[]) => (s: TestRoundState) =>
      decideReplanRound({ roundId: 'r1', students, reason: 'x', replannedBy: 'office-1' }, s);
    stream
      .given()
      .when(replan([{ ...defined(small[0]), roomPath: ['x'] }]))
      .thenRejects('invalid', 'students[0].roomPath');
    stream.run(classTally('k1', []));
    stream.given().when(replan(small)).thenRejects('conflict', 'roundId');
  });
});
