import type { CheckInAnswers } from '@bulwark/contracts';
import type { ReportingNewEvent } from '../../rules/domain/events';
import { addDays } from '../../rules/domain/reporting-day';
import { maxBackfillDays, type ReportingRules } from '../../rules/domain/rules';
import { rejectionOf } from '@bulwark/decider';
import { normalAnswers, rules, student } from '../../test-support/fixtures';
import { evolveCheckIns, recordEvent } from './evolve';
import { decideLogFollowUp } from '../../non-responders/domain/follow-up';
import { decideFlagNonResponder } from '../../non-responders/domain/non-responder';
import { KEPT_DAYS } from './settle';
import { checkInRecordSnapshot, checkInRecordToJson } from './snapshot';
import { initialCheckInRecord, type CheckInRecord } from './state';
import { decideSubmitCheckIn } from './submit';
import { defined } from '../../test-support/defined';

const first = '2022-01-01';
const studentNumber = student.studentNumber;
type Fold = (record: CheckInRecord, event: ReportingNewEvent) => CheckInRecord;

/** A few answers, so that word-for-word runs form, broken now and then. */
const answerSet: CheckInAnswers[] = [
  normalAnswers,
  { ...normalAnswers, health: { temperatureC: 36.6, symptoms: [] } },
  { ...normalAnswers, location: { kind: 'on-campus' } },
  { ...normalAnswers, exposure: 'contact-with-hard-hit-area' },
  { ...normalAnswers, health: { temperatureC: 38.1, symptoms: ['cough'] } },
];

/** A small seeded generator (mulberry32): every run of the test sees the same histories. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Step =
  | {
      kind: 'check-in';
      day: string;
      today: string;
      answers: CheckInAnswers;
      by: 'student' | 'counsellor';
    }
  | { kind: 'flag'; day: string }
  | { kind: 'follow-up'; day: string; reached: boolean; reason?: string | undefined };

/**
 * A lockdown of `days` days for one student: most days a check-in of one of a few answers,
 * some amended, some missed and flagged; late check-ins by the counsellor up to the furthest
 * back allowed (some refused for being too late); follow-ups on flagged days of any age.
 */
function lockdown(seed: number, days: number, calm = false): Step[] {
  // a calm student changes an answer every month or so, and seldom misses a day
  const [change, checkIn, amend, late] = calm ? [0.03, 0.98, 0.02, 0.04] : [0.25, 0.85, 0.1, 0.15];
  const next = random(seed);
  const pick = <T>(items: readonly T[]) => defined(items[Math.floor(next() * items.length)]);
  const steps: Step[] = [];
  const flaggedDays: string[] = [];
  let answers = normalAnswers;
  for (let i = 0; i < days; i += 1) {
    const today = addDays(first, i);
    if (next() < change) answers = pick(answerSet); // most days repeat the day before
    if (next() < checkIn)
      steps.push({ kind: 'check-in', day: today, today, answers, by: 'student' });
    if (next() < amend) {
      steps.push({ kind: 'check-in', day: today, today, answers: pick(answerSet), by: 'student' });
    }
    if (next() < late) {
      const back = Math.floor(next() * (maxBackfillDays + 3)); // a few beyond the limit
      const day = addDays(today, -back);
      steps.push({ kind: 'check-in', day, today, answers: pick(answerSet), by: 'counsellor' });
    }
    steps.push({ kind: 'flag', day: today });
    flaggedDays.push(today);
    if (next() < 0.3) {
      const day = pick(flaggedDays);
      steps.push({
        kind: 'follow-up',
        day,
        reached: next() < 0.5,
        reason: next() < 0.3 ? 'ill' : undefined,
      });
    }
  }
  return steps;
}

interface Outcome {
  events: ReportingNewEvent[];
  refused: unknown;
}

/** Decides one step on `record`: its events, or the rejection it got. */
function decideStep(step: Step, record: CheckInRecord, rulesNow: ReportingRules): Outcome {
  try {
    switch (step.kind) {
      case 'check-in':
        return {
          events: decideSubmitCheckIn(
            {
              studentNumber,
              day: step.day,
              ...step.answers,
              submittedBy: {
                actorId: step.by === 'student' ? studentNumber : 'T-7',
                role: step.by,
              },
            },
            { record, student, today: step.today, rules: rulesNow },
          ),
          refused: null,
        };
      case 'flag':
        return {
          events: decideFlagNonResponder(
            { studentNumber, day: step.day, deadline: new Date(`${step.day}T03:00:00Z`) },
            { record, student },
          ),
          refused: null,
        };
      case 'follow-up':
        return {
          events: decideLogFollowUp(
            {
              studentNumber,
              day: step.day,
              channel: 'phone',
              reached: step.reached,
              reason: step.reason,
              loggedBy: 'T-7',
            },
            record,
          ),
          refused: null,
        };
    }
  } catch (error) {
    return {
      events: [],
      refused: rejectionOf(() => {
        throw error;
      }),
    };
  }
}

describe('a check-in record that settles its earlier days', () => {
  const variants: [string, ReportingRules][] = [
    ['the default rules', { ...rules, backfillDays: maxBackfillDays }],
    // a run as long as this has to reach back into the settled days to be flagged
    [
      'a run limit longer than the days kept',
      { ...rules, backfillDays: maxBackfillDays, repetitionFlagDays: KEPT_DAYS + 4 },
    ],
  ];

  it.each(variants)(
    'decides every step of a 90-day lockdown as the record that keeps every day would (%s)',
    (_, rulesNow) => {
      let flags = 0;
      let settledReached = 0;
      for (let seed = 1; seed <= 12; seed += 1) {
        let bounded = initialCheckInRecord(studentNumber);
        let whole = initialCheckInRecord(studentNumber);
        for (const step of lockdown(seed, 90, rulesNow.repetitionFlagDays > KEPT_DAYS)) {
          const decided = decideStep(step, bounded, rulesNow);
          expect({ step, ...decided }).toEqual({ step, ...decideStep(step, whole, rulesNow) });
          bounded = decided.events.reduce<CheckInRecord>(evolveCheckIns as Fold, bounded);
          whole = decided.events.reduce<CheckInRecord>(recordEvent as Fold, whole);
          for (const e of decided.events) {
            if (e.type !== 'RepetitiveCheckInsFlagged') continue;
            flags += 1;
            if (bounded.earlier && (e.data as { since: string }).since <= bounded.earlier.through) {
              settledReached += 1;
            }
          }
        }
        const nonResponderDays = [...bounded.days.values()].filter((d) => d.nonResponder).length;
        expect(bounded.days.size).toBeLessThanOrEqual(KEPT_DAYS + 1 + nonResponderDays);
        expect(whole.days.size).toBeGreaterThan(80);
      }
      // the histories exercise what they are meant to: flagged runs, some reaching back
      expect(flags).toBeGreaterThan(10);
      if (rulesNow.repetitionFlagDays > KEPT_DAYS) expect(settledReached).toBeGreaterThan(0);
    },
  );

  it('flags a run that began on a settled day once, with that day as its start', () => {
    const long = { ...rules, repetitionFlagDays: KEPT_DAYS + 4 };
    let record = initialCheckInRecord(studentNumber);
    const flagged: ReportingNewEvent[] = [];
    for (let i = 0; i < KEPT_DAYS + 10; i += 1) {
      const day = addDays(first, i);
      const { events } = decideStep(
        { kind: 'check-in', day, today: day, answers: normalAnswers, by: 'student' },
        record,
        long,
      );
      flagged.push(...events.filter((e) => e.type === 'RepetitiveCheckInsFlagged'));
      record = events.reduce<CheckInRecord>(evolveCheckIns as Fold, record);
    }
    expect(record.earlier?.run).toMatchObject({ since: first });
    expect(flagged.map((e) => e.data)).toEqual([
      expect.objectContaining({ since: first, streakDays: KEPT_DAYS + 4 }),
    ]);
  });

  it('still takes follow-ups for a non-responder flagged long ago, and keeps a closed case closed', () => {
    let record = initialCheckInRecord(studentNumber);
    const fold = (step: Step) => {
      const outcome = decideStep(step, record, rules);
      record = outcome.events.reduce<CheckInRecord>(evolveCheckIns as Fold, record);
      return outcome;
    };
    fold({ kind: 'flag', day: first });
    fold({ kind: 'flag', day: addDays(first, 1) });
    fold({ kind: 'follow-up', day: addDays(first, 1), reached: true });
    for (let i = 2; i < 60; i += 1) {
      const day = addDays(first, i);
      fold({ kind: 'check-in', day, today: day, answers: normalAnswers, by: 'student' });
    }
    expect(record.earlier!.through > addDays(first, 30)).toBe(true);
    expect(
      defined(fold({ kind: 'follow-up', day: first, reached: false }).events[0]).data,
    ).toMatchObject({
      attempt: 1,
      resolution: null,
    });
    expect(
      fold({ kind: 'follow-up', day: addDays(first, 1), reached: false }).refused,
    ).toMatchObject({
      kind: 'conflict',
      message: expect.stringContaining('is closed (reached)'),
    });
  });

  it('compares a check-in after a long absence with the last answers before it', () => {
    const exposed = defined(answerSet[3]);
    const back = addDays(first, KEPT_DAYS + 10);
    let record = initialCheckInRecord(studentNumber);
    for (const step of [
      { kind: 'check-in', day: first, today: first, answers: exposed, by: 'student' },
      // away and unreached for weeks: only the flags in between
      ...Array.from({ length: KEPT_DAYS + 9 }, (_, i) => ({
        kind: 'flag',
        day: addDays(first, i + 1),
      })),
    ] as Step[]) {
      record = decideStep(step, record, rules).events.reduce<CheckInRecord>(
        evolveCheckIns as Fold,
        record,
      );
    }
    const returning = (answers: CheckInAnswers) =>
      defined(
        decideStep(
          { kind: 'check-in', day: back, today: back, answers, by: 'student' },
          record,
          rules,
        ).events[0],
      ).data as { abnormalReasons: string[] };
    expect(record.earlier?.run).toMatchObject({ since: first, until: first });
    expect(returning(exposed).abnormalReasons).toEqual([]);
    expect(returning({ ...exposed, exposure: 'in-hard-hit-area' }).abnormalReasons).toEqual([
      'new-exposure',
    ]);
  });

  it('survives its snapshot: stored, restored and folded on, it is the record folded whole', () => {
    const steps = lockdown(7, 60);
    let record = initialCheckInRecord(studentNumber);
    const events: ReportingNewEvent[] = [];
    for (const step of steps) {
      const decided = decideStep(step, record, { ...rules, backfillDays: maxBackfillDays });
      events.push(...decided.events);
      record = decided.events.reduce<CheckInRecord>(evolveCheckIns as Fold, record);
    }
    const fold = (from: CheckInRecord, slice: ReportingNewEvent[]) =>
      slice.reduce<CheckInRecord>(evolveCheckIns as Fold, from);
    for (const k of [40, Math.floor(events.length / 2), events.length - 3]) {
      const taken = fold(initialCheckInRecord(studentNumber), events.slice(0, k));
      expect(taken.earlier).not.toBeNull();
      const restored = checkInRecordSnapshot.restore(
        JSON.parse(JSON.stringify(checkInRecordToJson(taken))),
      );
      expect(fold(restored, events.slice(k))).toEqual(record);
    }
  });
});
