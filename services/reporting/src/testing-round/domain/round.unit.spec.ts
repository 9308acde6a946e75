import { decideCloseRound } from './closing';
import { decidePlanRound, decideReplanRound } from './plan-decisions';
import { decideReconcile, decideResolveDiscrepancy } from './reconcile-decisions';
import { decideRecordResults } from './results';
import type { RoundStudent } from './roster-input';
import { decideAssignGroupLeader, decideRecordAbsence, decideRecordSampling } from './sampling';
import { groupsOf, isTested, studentOf, type OpenRound, type TestRoundState } from './state';
import { decideSubmitClassTally, decideSubmitDormTally } from './tallies';
import { expectContractConformance } from '../../test-support/contract-check';
import {
  at,
  counsellor,
  planCommand,
  RoundHistory,
  student,
  typesOf,
} from '../test-support/round-fixtures';
import { planViolations, routeOverlaps } from '../test-support/plan-invariants';
import { sampleDorms, sampleTallies } from '../test-support/sample-dorms';
import { defined } from '../../test-support/defined';

const open = (state: TestRoundState): OpenRound => {
  if (state.status !== 'open') throw new Error(`round is ${state.status}`);
  return state;
};

/**
 * A small campus, one room per group (groups of 4):
 * cm1: b1 floor b1-1 rooms r101 (s1-s4, class k1) and r102 (s5-s8, k2); b2 room r201 (s9-s12, k1)
 * cm2: b3 room r301 (s13-s16, k2)
 */
const small: RoundStudent[] = [
  ...[1, 2, 3, 4].map((n) => student(`s${n}`, 'r101', { floor: 'b1-1', classCode: 'k1' })),
  ...[5, 6, 7, 8].map((n) => student(`s${n}`, 'r102', { floor: 'b1-1', classCode: 'k2' })),
  ...[9, 10, 11, 12].map((n) =>
    student(`s${n}`, 'r201', { building: 'b2', floor: 'b2-1', classCode: 'k1' }),
  ),
  ...[13, 14, 15, 16].map((n) =>
    student(`s${n}`, 'r301', { community: 'cm2', building: 'b3', floor: 'b3-1', classCode: 'k2' }),
  ),
];
const smallRoutes = [
  { community: 'cm1', routes: [{ name: 'east' }, { name: 'west' }] },
  { community: 'cm2', routes: [{ name: 'south' }] },
];
const t = (hhmm: string) => at(`2022-01-04T${hhmm}:00.000Z`);

/** The small round, planned. */
function plannedSmall(): RoundHistory {
  const stream = new RoundHistory('r1');
  stream.run((s) =>
    decidePlanRound(planCommand({ students: small, routes: smallRoutes, groupSize: 4 }), s),
  );
  return stream;
}

const sample =
  (groupId: string, studentNumbers: string[], when = t('23:05')) =>
  (s: TestRoundState) =>
    decideRecordSampling({ roundId: 'r1', groupId, studentNumbers, sampledAt: when }, s);

const results = (list: [string, 'negative' | 'positive' | 'invalid'][]) => (s: TestRoundState) =>
  decideRecordResults(
    {
      roundId: 'r1',
      results: list.map(([studentNumber, result]) => ({ studentNumber, result })),
      reportedAt: at('2022-01-05T06:00:00.000Z'),
    },
    s,
  );

const classCounsellor = counsellor({ actorId: 'CC-1', classes: ['k1'] });
const otherClassCounsellor = counsellor({ actorId: 'CC-2', classes: ['k2'] });
const cm1Counsellor = counsellor({ actorId: 'CM-1', communities: ['cm1'] });
const cm2Counsellor = counsellor({ actorId: 'CM-2', communities: ['cm2'] });

const classTally =
  (classCode: string, studentNumbers: string[], by = classCounsellor) =>
  (s: TestRoundState) =>
    decideSubmitClassTally(
      { roundId: 'r1', classCode, studentNumbers, counsellor: by, submittedAt: t('09:00') },
      s,
    );
const dormTally =
  (buildingCode: string, studentNumbers: string[], by = cm1Counsellor) =>
  (s: TestRoundState) =>
    decideSubmitDormTally(
      { roundId: 'r1', buildingCode, studentNumbers, counsellor: by, submittedAt: t('09:00') },
      s,
    );
const reconcileNow = (s: TestRoundState) =>
  decideReconcile({ roundId: 'r1', reconciledBy: 'CM-1', reconciledAt: t('10:00') }, s);
const close = (s: TestRoundState) =>
  decideCloseRound({ roundId: 'r1', closedBy: 'office-1', closedAt: t('12:00') }, s);
const resolve =
  (
    discrepancyId: string,
    reason: 'moved-room' | 'off-campus' | 'counted-twice' | 'error-corrected',
    resolver = cm1Counsellor,
  ) =>
  (s: TestRoundState) =>
    decideResolveDiscrepancy(
      { roundId: 'r1', discrepancyId, reason, note: 'checked', resolver, resolvedAt: t('11:00') },
      s,
    );

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

describe('during the round: sampling, absences, results', () => {
  it('records who of a group was sampled and when; a re-sent scan changes nothing', () => {
    const stream = plannedSmall();
    const events = stream.run(sample('cm1-g001', ['s1', 's2']));
    expect(events).toEqual([
      {
        type: 'TestGroupSampled',
        schemaVersion: 1,
        data: {
          roundId: 'r1',
          date: '2022-01-05',
          groupId: 'cm1-g001',
          community: 'cm1',
          sampledAt: '2022-01-04T23:05:00.000Z',
          samples: [
            { studentNumber: 's1', attempt: 1 },
            { studentNumber: 's2', attempt: 1 },
          ],
        },
      },
    ]);
    // sampling twice is idempotent: the first time stands
    expect(stream.run(sample('cm1-g001', ['s2', 's1'], t('23:30')))).toEqual([]);
    // a scan with one new student records only that one
    expect(defined(stream.run(sample('cm1-g001', ['s1', 's3']))[0]).data).toMatchObject({
      samples: [{ studentNumber: 's3', attempt: 1 }],
    });
    expect(open(stream.state).groups.get('cm1-g001')!.samples.get('s1')!.sampledAt).toBe(
      '2022-01-04T23:05:00.000Z',
    );
    expectContractConformance(stream.events);
  });

  it('refuses a student outside the round or of another group (400), an unknown group (404)', () => {
    const stream = plannedSmall();
    const outside = stream
      .given()
      .when(sample('cm1-g001', ['s1', 'zz9']))
      .thenRejects('invalid', 'studentNumbers[1]');
    expect(outside.message).toBe('student zz9 is not in round r1');
    const elsewhere = stream
      .given()
      .when(sample('cm1-g001', ['s5']))
      .thenRejects('invalid', 'studentNumbers[0]');
    expect(elsewhere.details).toEqual({ groupId: 'cm1-g002' });
    stream
      .given()
      .when(sample('cm1-g009', ['s1']))
      .thenRejects('not-found', 'groupId');
    stream
      .given()
      .when(sample('cm1-g001', ['s1', 's1']))
      .thenRejects('invalid', 'studentNumbers[1]');
    stream.given().when(sample('cm1-g001', [])).thenRejects('invalid', 'studentNumbers');
    stream
      .given()
      .when(sample('cm1-g001', ['s1'], new Date('nope')))
      .thenRejects('invalid', 'sampledAt');
  });

  it('records absentees with a reason; a sampled student is not absent (409)', () => {
    const stream = plannedSmall();
    stream.run(sample('cm1-g001', ['s1']));
    const absent = (list: { studentNumber: string; reason: string }[]) => (s: TestRoundState) =>
      decideRecordAbsence({ roundId: 'r1', groupId: 'cm1-g001', absences: list as never }, s);
    const events = stream.run(
      absent([
        { studentNumber: 's2', reason: 'isolated' },
        { studentNumber: 's3', reason: 'ill' },
      ]),
    );
    expect(defined(events[0]).data).toMatchObject({
      absences: [
        { studentNumber: 's2', reason: 'isolated' },
        { studentNumber: 's3', reason: 'ill' },
      ],
    });
    expect(stream.run(absent([{ studentNumber: 's2', reason: 'isolated' }]))).toEqual([]);
    expect(stream.run(absent([{ studentNumber: 's2', reason: 'off-campus' }]))).toHaveLength(1);
    stream
      .given()
      .when(absent([{ studentNumber: 's1', reason: 'ill' }]))
      .thenRejects('conflict', 'absences[0].studentNumber');
    stream
      .given()
      .when(absent([{ studentNumber: 's4', reason: 'asleep' }]))
      .thenRejects('invalid', 'absences[0].reason');
    stream
      .given()
      .when(absent([{ studentNumber: 's13', reason: 'ill' }]))
      .thenRejects('invalid', 'absences[0].studentNumber');
    // the ill student turns up after all: sampled, no longer absent
    stream.run(sample('cm1-g001', ['s3']));
    const group = open(stream.state).groups.get('cm1-g001')!;
    expect([...group.absences.keys()]).toEqual(['s2']);
    expect(group.samples.has('s3')).toBe(true);
    expectContractConformance(stream.events);
  });

  it('records results; a positive one is announced for isolation care with room and class', () => {
    const stream = plannedSmall();
    stream.run(sample('cm1-g001', ['s1', 's2']));
    const events = stream.run(
      results([
        ['s1', 'negative'],
        ['s2', 'positive'],
      ]),
    );
    expect(typesOf(events)).toEqual([
      'TestResultRecorded',
      'TestResultRecorded',
      'PositiveTestResultReported',
    ]);
    expect(defined(events[2]).data).toEqual({
      roundId: 'r1',
      date: '2022-01-05',
      studentNumber: 's2',
      name: 'Student s2',
      classCode: 'k1',
      classPath: ['uni', 'sem', 'sem-2020', 'k1'],
      roomCode: 'r101',
      roomPath: ['main', 'cm1', 'b1', 'b1-1', 'r101'],
      groupId: 'cm1-g001',
      attempt: 1,
      sampledAt: '2022-01-04T23:05:00.000Z',
      reportedAt: '2022-01-05T06:00:00.000Z',
    });
    // the same results again change nothing
    expect(stream.run(results([['s2', 'positive']]))).toEqual([]);
    expectContractConformance(stream.events);
  });

  it('refuses a result for an unknown sample (404) and a second, different result (409)', () => {
    const stream = plannedSmall();
    stream.run(sample('cm1-g001', ['s1']));
    stream.run(results([['s1', 'negative']]));
    // s4 is in the round but was not sampled; zz9 is not in the round at all
    const unsampled = stream
      .given()
      .when(results([['s4', 'negative']]))
      .thenRejects('not-found', 'results[0].studentNumber');
    expect(unsampled.details).toEqual({ inRound: true });
    stream
      .given()
      .when(results([['zz9', 'negative']]))
      .thenRejects('not-found', 'results[0].studentNumber');
    // all or nothing: a good result next to a bad one is not recorded either
    stream
      .given()
      .when(
        results([
          ['s1', 'negative'],
          ['s4', 'negative'],
        ]),
      )
      .thenRejects('not-found', 'results[1].studentNumber');
    stream
      .given()
      .when(results([['s1', 'positive']]))
      .thenRejects('conflict', 'results[0].result');
    stream
      .given()
      .when(results([['s1', 'unclear' as never]]))
      .thenRejects('invalid', 'results[0].result');
  });

  it('retests after an invalid result: the next sample is attempt 2, with its own result', () => {
    const stream = plannedSmall();
    stream.run(sample('cm1-g001', ['s1']));
    stream.run(results([['s1', 'invalid']]));
    stream
      .given()
      .when(results([['s1', 'negative']]))
      .thenRejects('conflict', 'results[0].result');
    expect(defined(stream.run(sample('cm1-g001', ['s1'], t('23:50')))[0]).data).toMatchObject({
      samples: [{ studentNumber: 's1', attempt: 2 }],
    });
    expect(defined(stream.run(results([['s1', 'negative']]))[0]).data).toMatchObject({
      attempt: 2,
      result: 'negative',
    });
  });
});

describe('the dual-line check', () => {
  /** Everyone sampled; s2 is counted on the class line only, s9 on the dorm line only. */
  function counted(): RoundHistory {
    const stream = plannedSmall();
    stream.run(sample('cm1-g001', ['s1', 's2', 's3', 's4']));
    stream.run(sample('cm1-g002', ['s5', 's6', 's7', 's8']));
    stream.run(sample('cm1-g003', ['s9', 's10', 's11', 's12']));
    stream.run(sample('cm2-g001', ['s13', 's14', 's15', 's16']));
    stream.run(classTally('k1', ['s1', 's2', 's3', 's4', 's10', 's11', 's12']));
    stream.run(
      classTally('k2', ['s5', 's6', 's7', 's8', 's13', 's14', 's15', 's16'], otherClassCounsellor),
    );
    stream.run(dormTally('b1', ['s1', 's3', 's4', 's5', 's6', 's7', 's8']));
    stream.run(dormTally('b2', ['s9', 's10', 's11', 's12']));
    stream.run(dormTally('b3', ['s13', 's14', 's15', 's16'], cm2Counsellor));
    return stream;
  }

  it('finds a student counted on one line only by name, with class and room, not by totals', () => {
    const stream = counted();
    const events = stream.run(reconcileNow);
    expect(typesOf(events)).toEqual([
      'TallyDiscrepancyFound',
      'TallyDiscrepancyFound',
      'TalliesReconciled',
    ]);
    expect(events.slice(0, 2).map((e) => e.data)).toEqual([
      {
        roundId: 'r1',
        date: '2022-01-05',
        discrepancyId: 'class-line-only:s2',
        kind: 'class-line-only',
        studentNumber: 's2',
        name: 'Student s2',
        classCode: 'k1',
        roomCode: 'r101',
        buildingCode: 'b1',
        community: 'cm1',
        classLine: ['k1'],
        dormLine: [],
      },
      {
        roundId: 'r1',
        date: '2022-01-05',
        discrepancyId: 'dorm-line-only:s9',
        kind: 'dorm-line-only',
        studentNumber: 's9',
        name: 'Student s9',
        classCode: 'k1',
        roomCode: 'r201',
        buildingCode: 'b2',
        community: 'cm1',
        classLine: [],
        dormLine: ['b2'],
      },
    ]);
    // the totals agree (15 and 15): only a comparison by name finds these two
    expect(defined(events[2]).data).toMatchObject({
      classLineTotal: 15,
      dormLineTotal: 15,
      discrepancies: 2,
      found: 2,
      open: 2,
    });
    // nothing submitted since: reconciling again changes nothing
    expect(stream.run(reconcileNow)).toEqual([]);
    expectContractConformance(stream.events);
  });

  it('cannot close until both discrepancies are resolved; the resolution and who made it are kept', () => {
    const stream = counted();
    stream.run(reconcileNow);
    const refused = stream.given().when(close).thenRejects('conflict', null);
    expect(refused.details).toEqual({
      unresolved: [
        {
          discrepancyId: 'class-line-only:s2',
          kind: 'class-line-only',
          studentNumber: 's2',
          name: 'Student s2',
          classCode: 'k1',
          roomCode: 'r101',
        },
        {
          discrepancyId: 'dorm-line-only:s9',
          kind: 'dorm-line-only',
          studentNumber: 's9',
          name: 'Student s9',
          classCode: 'k1',
          roomCode: 'r201',
        },
      ],
    });
    expect(refused.message).toContain('Student s2 (s2, class-line-only)');

    // resolved by the community counsellor: one left, still refused
    expect(defined(stream.run(resolve('class-line-only:s2', 'moved-room'))[0]).data).toEqual({
      roundId: 'r1',
      date: '2022-01-05',
      discrepancyId: 'class-line-only:s2',
      kind: 'class-line-only',
      studentNumber: 's2',
      reason: 'moved-room',
      note: 'checked',
      resolvedBy: 'CM-1',
      resolvedAt: '2022-01-04T11:00:00.000Z',
      via: 'counsellor',
    });
    expect(stream.run(resolve('class-line-only:s2', 'moved-room'))).toEqual([]);
    stream
      .given()
      .when(resolve('class-line-only:s2', 'counted-twice'))
      .thenRejects('conflict', 'discrepancyId');
    const still = stream.given().when(close).thenRejects('conflict', null);
    expect(
      (still.details!['unresolved'] as { studentNumber: string }[]).map((d) => d.studentNumber),
    ).toEqual(['s9']);

    // resolved by the class counsellor: the round closes
    stream.run(resolve('dorm-line-only:s9', 'error-corrected', classCounsellor));
    const closed = stream.run(close);
    expect(defined(closed[0]).data).toEqual({
      roundId: 'r1',
      date: '2022-01-05',
      closedBy: 'office-1',
      closedAt: '2022-01-04T12:00:00.000Z',
      groupCount: 4,
      studentCount: 16,
      sampled: 16,
      absent: 0,
      unaccounted: 0,
      results: { negative: 0, positive: 0, invalid: 0, pending: 16 },
      discrepanciesResolved: 2,
    });
    const state = stream.state;
    expect(state.status).toBe('closed');
    if (state.status !== 'closed') return;
    expect(state.discrepancies.get('class-line-only:s2')!.resolution).toMatchObject({
      reason: 'moved-room',
      resolvedBy: 'CM-1',
    });
    expect(state.discrepancies.get('dorm-line-only:s9')!.resolution).toMatchObject({
      reason: 'error-corrected',
      resolvedBy: 'CC-1',
      via: 'counsellor',
    });
    // a closed round records nothing more
    stream
      .given()
      .when(sample('cm1-g001', ['s1']))
      .thenRejects('conflict', 'roundId');
    stream.given().when(classTally('k1', [])).thenRejects('conflict', 'roundId');
    stream.given().when(close).thenRejects('conflict', 'roundId');
    expectContractConformance(stream.events);
  });

  it('refuses a tally for another counsellor’s class or community (403) and strangers in it (400)', () => {
    const stream = plannedSmall();
    stream
      .given()
      .when(classTally('k2', ['s5']))
      .thenRejects('forbidden', 'classCode');
    stream
      .given()
      .when(classTally('k1', ['s1', 's5']))
      .thenRejects('invalid', 'studentNumbers[1]');
    stream
      .given()
      .when(classTally('k1', ['s1', 'zz9']))
      .thenRejects('invalid', 'studentNumbers[1]');
    stream
      .given()
      .when(classTally('k9', [], counsellor({ actorId: 'CC-9', classes: ['k9'] })))
      .thenRejects('invalid', 'classCode');
    stream
      .given()
      .when(dormTally('b3', ['s13']))
      .thenRejects('forbidden', 'buildingCode');
    stream.given().when(dormTally('b9', [])).thenRejects('invalid', 'buildingCode');
    stream
      .given()
      .when(dormTally('b1', ['zz9']))
      .thenRejects('invalid', 'studentNumbers[0]');
    stream
      .given()
      .when(dormTally('b1', ['s1', 's1']))
      .thenRejects('invalid', 'studentNumbers[1]');
    // a re-sent tally changes nothing; a corrected one replaces it
    expect(defined(stream.run(classTally('k1', ['s1']))[0]).data).toMatchObject({ submission: 1 });
    expect(stream.run(classTally('k1', ['s1']))).toEqual([]);
    expect(defined(stream.run(classTally('k1', ['s1', 's2']))[0]).data).toMatchObject({
      submission: 2,
    });
  });

  it('refuses to reconcile or close while a class or building owes its tally (409, listed)', () => {
    const stream = plannedSmall();
    stream.run(classTally('k1', []));
    const refused = stream.given().when(reconcileNow).thenRejects('conflict', null);
    expect(refused.details).toEqual({
      missingClassTallies: ['k2'],
      missingDormTallies: ['b1', 'b2', 'b3'],
    });
    stream.given().when(close).thenRejects('conflict', null);
  });

  it('refuses to close with tallies submitted since the last reconciliation', () => {
    const stream = counted();
    stream.run(reconcileNow);
    stream.run(resolve('class-line-only:s2', 'moved-room'));
    stream.run(resolve('dorm-line-only:s9', 'moved-room'));
    stream.run(dormTally('b2', ['s10', 's11', 's12']));
    expect(stream.given().when(close).thenRejects('conflict', null).message).toContain('reconcile');
  });

  it('settles a discrepancy that a corrected tally removes, via reconciliation', () => {
    const stream = counted();
    stream.run(reconcileNow);
    // the dorm line corrects building b1: s2 was there
    stream.run(dormTally('b1', ['s1', 's2', 's3', 's4', 's5', 's6', 's7', 's8']));
    const events = stream.run(reconcileNow);
    expect(typesOf(events)).toEqual(['TallyDiscrepancyResolved', 'TalliesReconciled']);
    expect(defined(events[0]).data).toMatchObject({
      discrepancyId: 'class-line-only:s2',
      reason: 'error-corrected',
      resolvedBy: 'CM-1',
      via: 'reconciliation',
    });
    expect(defined(events[1]).data).toMatchObject({
      discrepancies: 1,
      found: 0,
      autoResolved: 1,
      open: 1,
    });
    expectContractConformance(stream.events);
  });

  it('lets only a counsellor of the student’s class or community resolve (403), a known one (404)', () => {
    const stream = counted();
    stream.run(reconcileNow);
    stream
      .given()
      .when(
        resolve(
          'class-line-only:s2',
          'moved-room',
          counsellor({ classes: ['k2'], communities: ['cm2'] }),
        ),
      )
      .thenRejects('forbidden', 'discrepancyId');
    stream
      .given()
      .when(resolve('dorm-line-only:s1', 'moved-room'))
      .thenRejects('not-found', 'discrepancyId');
    stream.given().when(resolve('bogus', 'moved-room')).thenRejects('invalid', 'discrepancyId');
    stream
      .given()
      .when(resolve('class-line-only:s2', 'lost' as never))
      .thenRejects('invalid', 'reason');
  });
});

describe('a round of 2,458 students, end to end', () => {
  const dorms = sampleDorms({ students: 2458, communities: 5 });
  const byClass = new Map<string, string>();
  for (const s of dorms.students) byClass.set(s.studentNumber, s.classCode);

  it('plans, samples everyone, finds the two seeded discrepancies by name, closes once resolved', () => {
    // given a planned round
    const stream = new RoundHistory('r1');
    stream.run((s) =>
      decidePlanRound(planCommand({ students: dorms.students, routes: dorms.routes }), s),
    );
    const round = open(stream.state);
    expect(planViolations(groupsOf(round), dorms.students, 40)).toEqual([]);
    // when every group is sampled (one scanned list each)
    for (const group of groupsOf(round)) {
      stream.run(
        sample(
          group.groupId,
          group.students.map((s) => s.studentNumber),
        ),
      );
    }
    // and both lines are counted, one student missing from each
    const tallies = sampleTallies(dorms, 1);
    for (const tally of tallies.classTallies) {
      stream.run(
        classTally(
          tally.classCode,
          tally.studentNumbers,
          counsellor({ classes: [tally.classCode] }),
        ),
      );
    }
    for (const tally of tallies.dormTallies) {
      const community = dorms.communityOf.get(tally.buildingCode)!;
      stream.run(
        dormTally(
          tally.buildingCode,
          tally.studentNumbers,
          counsellor({ communities: [community] }),
        ),
      );
    }
    const found = stream.run(reconcileNow).filter((e) => e.type === 'TallyDiscrepancyFound');
    // then exactly the two seeded students are found, by name
    const [classOnly] = tallies.classLineOnly;
    const [dormOnly] = tallies.dormLineOnly;
    const who = (n: string) => studentOf(open(stream.state), n)!.student;
    expect(found.map((e) => e.data)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          kind: 'class-line-only',
          studentNumber: classOnly,
          name: who(defined(classOnly)).name,
          classCode: who(defined(classOnly)).classCode,
          roomCode: who(defined(classOnly)).roomCode,
        }),
        expect.objectContaining({
          kind: 'dorm-line-only',
          studentNumber: dormOnly,
          name: who(defined(dormOnly)).name,
          roomCode: who(defined(dormOnly)).roomCode,
        }),
      ]),
    );
    expect(found).toHaveLength(2);
    // and the round closes only once both are resolved
    const everywhere = counsellor({ communities: dorms.communities });
    stream.given().when(close).thenRejects('conflict', null);
    stream.run(resolve(`class-line-only:${classOnly}`, 'error-corrected', everywhere));
    stream.given().when(close).thenRejects('conflict', null);
    stream.run(resolve(`dorm-line-only:${dormOnly}`, 'error-corrected', everywhere));
    expect(defined(stream.run(close)[0]).data).toMatchObject({ studentCount: 2458, sampled: 2458 });
    expect(stream.refold()).toEqual(stream.state);
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
