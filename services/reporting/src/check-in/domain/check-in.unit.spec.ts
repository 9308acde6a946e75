import type { CheckInAnswers } from '@bulwark/contracts';
import { given, rejectionOf } from '@bulwark/decider';
import { addDays } from '../../rules/domain/reporting-day';
import { expectContractConformance } from '../../test-support/contract-check';
import { classPath, normalAnswers, rules, student, typesOf } from '../../test-support/fixtures';
import type { SubmitCheckIn } from './commands';
import { sameAnswers } from './answers';
import { evolveCheckIns } from './evolve';
import { initialCheckInRecord, type CheckInRecord } from './state';
import { decideSubmitCheckIn } from './submit';
import type { ReportingNewEvent } from '../../rules/domain/events';
import { defined } from '../../test-support/defined';

const today = '2022-01-05';
const byStudent = { actorId: '2020100001', role: 'student' as const };
const byCounsellor = { actorId: 'T-7', role: 'counsellor' as const };

const checkIn = (
  answers: CheckInAnswers = normalAnswers,
  overrides: Partial<SubmitCheckIn> = {},
): SubmitCheckIn => ({
  studentNumber: '2020100001',
  day: today,
  ...answers,
  submittedBy: byStudent,
  ...overrides,
});

const empty = initialCheckInRecord('2020100001');

/** Runs check-ins in order, each decided on the record the previous ones left. */
function history(...commands: SubmitCheckIn[]): ReportingNewEvent[] {
  let record: CheckInRecord = empty;
  const all: ReportingNewEvent[] = [];
  for (const command of commands) {
    const events = decideSubmitCheckIn(command, { record, student, today: command.day, rules });
    all.push(...events);
    record = events.reduce(evolveCheckIns, record);
  }
  return all;
}

const decide = (command: SubmitCheckIn, record: CheckInRecord = empty, todayIs = today) =>
  decideSubmitCheckIn(command, { record, student, today: todayIs, rules });

describe('a daily check-in', () => {
  it('records the first check-in of the day with the student’s class, normal and unflagged', () => {
    given(empty, evolveCheckIns)
      .when((record) => decide(checkIn(), record))
      .then([
        {
          type: 'CheckInSubmitted',
          data: {
            studentNumber: '2020100001',
            day: today,
            classCode: 'sem-2020-ug-01',
            classPath,
            ...normalAnswers,
            abnormalReasons: [],
            submittedBy: byStudent,
          },
        },
      ]);
  });

  it('takes a check-in by the counsellor on the student’s behalf and records who did it', () => {
    const [event] = decide(checkIn(normalAnswers, { submittedBy: byCounsellor }));
    expect(defined(event).data).toMatchObject({
      submittedBy: { actorId: 'T-7', role: 'counsellor' },
    });
  });

  it('makes a second check-in the same day an amendment; the first stays in the history', () => {
    // given a check-in this morning
    const first = decide(checkIn());
    // when the student checks in again
    const second = decide(
      checkIn({ ...normalAnswers, location: { kind: 'on-campus' } }),
      first.reduce(evolveCheckIns, empty),
    );
    // then the second is an amendment numbered 1
    expect(second).toEqual([
      expect.objectContaining({
        type: 'CheckInAmended',
        data: expect.objectContaining({ amendment: 1, location: { kind: 'on-campus' } }),
      }),
    ]);
    const record = [...first, ...second].reduce(evolveCheckIns, empty);
    expect(record.days.get(today)).toMatchObject({
      submissions: 2,
      answers: { location: { kind: 'on-campus' } },
    });
    expectContractConformance([...first, ...second]);
  });

  it('normalises the answers: one decimal, symptoms once each in the fixed order', () => {
    const [event] = decide(
      checkIn({
        ...normalAnswers,
        health: { temperatureC: 36.54, symptoms: ['fatigue', 'cough', 'fatigue'] },
      }),
    );
    expect(defined(event).data).toMatchObject({
      health: { temperatureC: 36.5, symptoms: ['cough', 'fatigue'] },
    });
  });
});

describe('an abnormal check-in', () => {
  const fever = (t: number): CheckInAnswers => ({
    ...normalAnswers,
    health: { temperatureC: t, symptoms: [] },
  });

  it('reports a fever at the threshold for isolation care, with the reasons and readings', () => {
    const events = decide(checkIn(fever(37.3)));
    expect(typesOf(events)).toEqual(['CheckInSubmitted', 'AbnormalCheckInReported']);
    expect(defined(events[0]).data).toMatchObject({ abnormalReasons: ['fever'] });
    expect(defined(events[1]).data).toEqual({
      studentNumber: '2020100001',
      day: today,
      classCode: 'sem-2020-ug-01',
      classPath,
      reasons: ['fever'],
      temperatureC: 37.3,
      feverThresholdC: 37.3,
      symptoms: [],
      exposure: 'none',
      location: normalAnswers.location,
    });
    expectContractConformance(events);
  });

  it('does not report 37.2 °C, under the default threshold', () => {
    expect(typesOf(decide(checkIn(fever(37.2))))).toEqual(['CheckInSubmitted']);
  });

  it('uses the university’s own threshold', () => {
    const events = decideSubmitCheckIn(checkIn(fever(37.2)), {
      record: empty,
      student,
      today,
      rules: { ...rules, feverThresholdC: 37.0 },
    });
    expect(typesOf(events)).toContain('AbnormalCheckInReported');
  });

  it('reports any symptom, even without fever', () => {
    const events = decide(
      checkIn({
        ...normalAnswers,
        health: { temperatureC: 36.4, symptoms: ['loss-of-taste-or-smell'] },
      }),
    );
    expect(events[1]).toMatchObject({
      type: 'AbnormalCheckInReported',
      data: { reasons: ['symptoms'] },
    });
  });

  it('reports a new exposure, but not the same exposure reported again the next day', () => {
    const contact: CheckInAnswers = { ...normalAnswers, exposure: 'contact-with-hard-hit-area' };
    const events = history(
      checkIn(normalAnswers, { day: '2022-01-04' }),
      checkIn(contact, { day: '2022-01-05' }),
      checkIn(contact, { day: '2022-01-06' }),
    );
    expect(typesOf(events)).toEqual([
      'CheckInSubmitted',
      'CheckInSubmitted',
      'AbnormalCheckInReported',
      'CheckInSubmitted',
    ]);
    expect(defined(events[2]).data).toMatchObject({ day: '2022-01-05', reasons: ['new-exposure'] });
  });

  it('reports a finding once a day: an amendment repeating it reports nothing new, a worse one does', () => {
    const events = history(
      checkIn(fever(37.8)),
      checkIn(fever(37.8)),
      checkIn({ ...fever(38.4), health: { temperatureC: 38.4, symptoms: ['cough'] } }),
    );
    expect(typesOf(events)).toEqual([
      'CheckInSubmitted',
      'AbnormalCheckInReported',
      'CheckInAmended',
      'CheckInAmended',
      'AbnormalCheckInReported',
    ]);
    expect(defined(events[4]).data).toMatchObject({
      reasons: ['fever', 'symptoms'],
      temperatureC: 38.4,
    });
  });
});

describe('repetitive check-ins', () => {
  const days = (n: number, from = '2022-01-01') =>
    Array.from({ length: n }, (_, i) => checkIn(normalAnswers, { day: addDays(from, i) }));

  it('flags the fifth day in a row of word-for-word identical answers, once for the run', () => {
    const events = history(...days(7));
    const flags = events.filter((e) => e.type === 'RepetitiveCheckInsFlagged');
    expect(flags).toEqual([
      expect.objectContaining({
        data: {
          studentNumber: '2020100001',
          day: '2022-01-05',
          classCode: 'sem-2020-ug-01',
          since: '2022-01-01',
          streakDays: 5,
        },
      }),
    ]);
    expectContractConformance(events);
  });

  it('does not flag four identical days', () => {
    expect(typesOf(history(...days(4)))).not.toContain('RepetitiveCheckInsFlagged');
  });

  it('starts counting again after a day that differs, even by a tenth of a degree', () => {
    const commands = days(8);
    commands[3] = checkIn(
      { ...normalAnswers, health: { temperatureC: 36.6, symptoms: [] } },
      { day: defined(commands[3]).day },
    );
    // days 1-3 same, day 4 differs, days 5-8 same as 1-3 but only four in a row
    expect(typesOf(history(...commands))).not.toContain('RepetitiveCheckInsFlagged');
  });

  it('does not count across a day without a check-in', () => {
    const commands = days(6).filter((_, i) => i !== 2);
    expect(typesOf(history(...commands))).not.toContain('RepetitiveCheckInsFlagged');
  });

  it('uses the university’s own run length', () => {
    let record = empty;
    const events: ReportingNewEvent[] = [];
    for (const command of days(3)) {
      const decided = decideSubmitCheckIn(command, {
        record,
        student,
        today: command.day,
        rules: { ...rules, repetitionFlagDays: 3 },
      });
      events.push(...decided);
      record = decided.reduce(evolveCheckIns, record);
    }
    expect(typesOf(events)).toContain('RepetitiveCheckInsFlagged');
  });
});

describe('refused check-ins (nothing recorded)', () => {
  it('refuses a student not on the roster (400 studentNumber)', () => {
    expect(
      rejectionOf(() =>
        decideSubmitCheckIn(checkIn(), { record: empty, student: null, today, rules }),
      ),
    ).toMatchObject({ kind: 'invalid', field: 'studentNumber' });
  });

  it('refuses a day in the future, for anyone (400 day)', () => {
    for (const submittedBy of [byStudent, byCounsellor]) {
      const rejection = rejectionOf(() =>
        decide(checkIn(normalAnswers, { day: '2022-01-06', submittedBy })),
      );
      expect(rejection).toMatchObject({ kind: 'invalid', field: 'day' });
      expect(rejection.message).toContain('future');
    }
  });

  it('takes today only from a student, and a late check-in up to a week back from a counsellor', () => {
    expect(rejectionOf(() => decide(checkIn(normalAnswers, { day: '2022-01-04' })))).toMatchObject({
      kind: 'invalid',
      field: 'day',
    });
    expect(
      typesOf(decide(checkIn(normalAnswers, { day: '2022-01-04', submittedBy: byCounsellor }))),
    ).toEqual(['CheckInSubmitted']);
    expect(
      rejectionOf(() =>
        decide(checkIn(normalAnswers, { day: '2021-12-28', submittedBy: byCounsellor })),
      ),
    ).toMatchObject({ kind: 'invalid', field: 'day' });
  });

  it.each<[string, Partial<SubmitCheckIn>, string]>([
    [
      'a temperature of 60 °C',
      { health: { temperatureC: 60, symptoms: [] } },
      'health.temperatureC',
    ],
    [
      'a temperature that is not a number',
      { health: { temperatureC: '37' } },
      'health.temperatureC',
    ],
    [
      'a symptom outside the list',
      { health: { temperatureC: 36.5, symptoms: ['sneezing'] } },
      'health.symptoms.0',
    ],
    [
      'off campus without a city',
      { location: { kind: 'off-campus', province: 'Hubei' } },
      'location.city',
    ],
    ['on campus with a city', { location: { kind: 'on-campus', city: 'Xi’an' } }, 'location'],
    ['an unknown location', { location: { kind: 'abroad' } }, 'location.kind'],
    ['an unknown exposure', { exposure: 'maybe' }, 'exposure'],
    ['a day that is not a date', { day: '2022-02-30' }, 'day'],
  ])('refuses %s (400 %s)', (_what, overrides, field) => {
    expect(
      rejectionOf(() => decide({ ...checkIn(), ...overrides } as SubmitCheckIn)),
    ).toMatchObject({
      kind: 'invalid',
      field,
    });
  });
});

describe('word-for-word the same answers', () => {
  const same = (other: CheckInAnswers) => sameAnswers(normalAnswers, other);
  it('are the same place, temperature, symptoms and exposure', () => {
    expect(same({ ...normalAnswers, location: { ...normalAnswers.location } })).toBe(true);
    expect(
      same({
        ...normalAnswers,
        location: { kind: 'off-campus', province: 'Hubei', city: 'Xiaogan' },
      }),
    ).toBe(false);
    expect(same({ ...normalAnswers, location: { kind: 'in-transit' } })).toBe(false);
    expect(same({ ...normalAnswers, health: { temperatureC: 36.6, symptoms: [] } })).toBe(false);
    expect(same({ ...normalAnswers, health: { temperatureC: 36.5, symptoms: ['cough'] } })).toBe(
      false,
    );
    expect(same({ ...normalAnswers, exposure: 'transited-hard-hit-area' })).toBe(false);
  });
});
