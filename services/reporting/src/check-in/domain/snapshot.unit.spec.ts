import type { CheckInAnswers } from '@bulwark/contracts';
import { addDays } from '../../rules/domain/reporting-day';
import { normalAnswers, rules, student } from '../../test-support/fixtures';
import type { ReportingNewEvent } from '../../rules/domain/events';
import { evolveCheckIns } from './evolve';
import { checkInRecordSnapshot, checkInRecordToJson } from './snapshot';
import { initialCheckInRecord, type CheckInRecord } from './state';
import { decideSubmitCheckIn } from './submit';

const first = '2022-01-01';
const fever: CheckInAnswers = { ...normalAnswers, health: { temperatureC: 38.4, symptoms: [] } };

/** Nine days: a run of identical answers long enough to be flagged, a fever, amendments. */
function month(): ReportingNewEvent[] {
  let record = initialCheckInRecord(student.studentNumber);
  const all: ReportingNewEvent[] = [];
  const submit = (day: string, answers: CheckInAnswers) => {
    const events = decideSubmitCheckIn(
      {
        studentNumber: student.studentNumber,
        day,
        ...answers,
        submittedBy: { actorId: student.studentNumber, role: 'student' },
      },
      { record, student, today: day, rules },
    );
    all.push(...events);
    record = events.reduce(evolveCheckIns, record);
  };
  for (let i = 0; i < 9; i++) {
    const day = addDays(first, i);
    submit(day, i === 7 ? fever : normalAnswers);
    if (i === 2 || i === 7) submit(day, normalAnswers); // amended the same day
  }
  return all;
}

const fold = (events: ReportingNewEvent[], from: CheckInRecord) =>
  (events as Parameters<typeof evolveCheckIns>[1][]).reduce(evolveCheckIns, from);

describe('a check-in record snapshot', () => {
  const events = month();
  const whole = fold(events, initialCheckInRecord(student.studentNumber));

  it('has the history it is meant to test: a flagged run, a fever, amendments', () => {
    const types = new Set(events.map((e) => e.type));
    expect(types).toEqual(
      new Set([
        'CheckInSubmitted',
        'CheckInAmended',
        'RepetitiveCheckInsFlagged',
        'AbnormalCheckInReported',
      ]),
    );
  });

  it.each([1, 3, 6, 9, 12])(
    'taken after %i events, stored as JSON and restored, then the rest folded: the whole fold',
    (k) => {
      const taken = fold(events.slice(0, k), initialCheckInRecord(student.studentNumber));
      const stored = JSON.parse(JSON.stringify(checkInRecordToJson(taken))) as unknown;
      const restored = checkInRecordSnapshot.restore(stored);
      expect(fold(events.slice(k), restored)).toEqual(whole);
    },
  );

  it('gives the next day the same decision as the whole stream would', () => {
    const restored = checkInRecordSnapshot.restore(
      JSON.parse(JSON.stringify(checkInRecordToJson(whole))),
    );
    const next = addDays(first, 9);
    const command = {
      studentNumber: student.studentNumber,
      day: next,
      ...normalAnswers,
      submittedBy: { actorId: student.studentNumber, role: 'student' as const },
    };
    const context = (record: CheckInRecord) => ({ record, student, today: next, rules });
    expect(decideSubmitCheckIn(command, context(restored))).toEqual(
      decideSubmitCheckIn(command, context(whole)),
    );
  });
});
