import { given, rejectionOf } from '@bulwark/decider';
import { expectContractConformance } from '../../test-support/contract-check';
import { classPath, normalAnswers, rules, student, typesOf } from '../../test-support/fixtures';
import type { LogFollowUp } from './commands';
import { evolveCheckIns } from '../../check-in/domain/evolve';
import { decideLogFollowUp } from './follow-up';
import { decideFlagNonResponder } from './non-responder';
import { initialCheckInRecord } from '../../check-in/domain/state';
import { decideSubmitCheckIn } from '../../check-in/domain/submit';
import { defined } from '../../test-support/defined';

const day = '2022-01-05';
const deadline = new Date('2022-01-05T03:00:00Z');
const empty = initialCheckInRecord('2020100001');
const flag = { studentNumber: '2020100001', day, deadline };
const flagged = decideFlagNonResponder(flag, { record: empty, student });
const followUp = (overrides: Partial<LogFollowUp> = {}): LogFollowUp => ({
  studentNumber: '2020100001',
  day,
  channel: 'phone',
  reached: false,
  loggedBy: 'T-7',
  ...overrides,
});

describe('non-responders at the class deadline', () => {
  it('flags an expected student who has not checked in', () => {
    given(empty, evolveCheckIns)
      .when((record) => decideFlagNonResponder(flag, { record, student }))
      .then([
        {
          type: 'StudentFlaggedNonResponder',
          data: {
            studentNumber: '2020100001',
            day,
            classCode: 'sem-2020-ug-01',
            classPath,
            deadline: '2022-01-05T03:00:00.000Z',
          },
        },
      ]);
    expectContractConformance(flagged);
  });

  it('does not flag a student who checked in, nor one flagged already, nor one off the roster', () => {
    const checkedIn = decideSubmitCheckIn(
      {
        studentNumber: '2020100001',
        day,
        ...normalAnswers,
        submittedBy: { actorId: 'x', role: 'student' },
      },
      { record: empty, student, today: day, rules },
    );
    given(empty, evolveCheckIns, checkedIn)
      .when((record) => decideFlagNonResponder(flag, { record, student }))
      .then([]);
    given(empty, evolveCheckIns, flagged)
      .when((record) => decideFlagNonResponder(flag, { record, student }))
      .then([]);
    given(empty, evolveCheckIns)
      .when((record) => decideFlagNonResponder(flag, { record, student: null }))
      .then([]);
  });
});

describe('following up a non-responder', () => {
  it('logs unreached attempts, numbered, until one reaches the student', () => {
    const first = decideLogFollowUp(
      followUp({ channel: 'sms' }),
      flagged.reduce(evolveCheckIns, empty),
    );
    const afterFirst = [...flagged, ...first].reduce(evolveCheckIns, empty);
    const second = decideLogFollowUp(
      followUp({ reached: true, reason: 'phone battery was dead' }),
      afterFirst,
    );
    expect(defined(first[0]).data).toMatchObject({
      attempt: 1,
      channel: 'sms',
      reached: false,
      resolution: null,
    });
    expect(defined(second[0]).data).toMatchObject({
      attempt: 2,
      channel: 'phone',
      reached: true,
      reason: 'phone battery was dead',
      resolution: 'reached',
      loggedBy: 'T-7',
    });
    expectContractConformance([...first, ...second]);
  });

  it('closes as explained when the student is not reached but a reason is given', () => {
    given(empty, evolveCheckIns, flagged)
      .when((record) =>
        decideLogFollowUp(
          followUp({ channel: 'in-person', reason: 'in hospital, says the roommate' }),
          record,
        ),
      )
      .then([
        {
          type: 'FollowUpLogged',
          data: {
            studentNumber: '2020100001',
            day,
            attempt: 1,
            channel: 'in-person',
            reached: false,
            reason: 'in hospital, says the roommate',
            resolution: 'explained',
            loggedBy: 'T-7',
          },
        },
      ]);
  });

  it('refuses a follow-up of a student who was not flagged, or whose case is closed (409)', () => {
    given(empty, evolveCheckIns)
      .when((record) => decideLogFollowUp(followUp(), record))
      .thenRejects('conflict', 'studentNumber');
    const closed = [
      ...flagged,
      ...decideLogFollowUp(followUp({ reached: true }), flagged.reduce(evolveCheckIns, empty)),
    ];
    given(empty, evolveCheckIns, closed)
      .when((record) => decideLogFollowUp(followUp(), record))
      .thenRejects('conflict', 'studentNumber');
  });

  it('refuses an unknown channel and a reached that is not a boolean (400)', () => {
    const record = flagged.reduce(evolveCheckIns, empty);
    expect(
      rejectionOf(() => decideLogFollowUp(followUp({ channel: 'pigeon' }), record)),
    ).toMatchObject({
      kind: 'invalid',
      field: 'channel',
    });
    expect(
      rejectionOf(() => decideLogFollowUp(followUp({ reached: 'yes' }), record)),
    ).toMatchObject({
      kind: 'invalid',
      field: 'reached',
    });
    expect(typesOf(decideLogFollowUp(followUp(), record))).toEqual(['FollowUpLogged']);
  });
});
