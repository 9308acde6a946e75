import { expectContractConformance } from '../../test-support/contract-check';
import { counsellor, RoundHistory, typesOf } from '../test-support/round-fixtures';
import { defined } from '../../test-support/defined';

import {
  plannedSmall,
  sample,
  classCounsellor,
  otherClassCounsellor,
  cm2Counsellor,
  classTally,
  dormTally,
  reconcileNow,
  close,
  resolve,
} from '../test-support/small-round';

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
