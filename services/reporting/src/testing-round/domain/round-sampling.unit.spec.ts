import { decideRecordAbsence } from './sampling';
import { type TestRoundState } from './state';
import { expectContractConformance } from '../../test-support/contract-check';
import { typesOf } from '../test-support/round-fixtures';
import { defined } from '../../test-support/defined';

import { open, t, plannedSmall, sample, results } from '../test-support/small-round';

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
