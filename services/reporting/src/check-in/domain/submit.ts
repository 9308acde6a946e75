import { Rejection } from '@bulwark/decider';
import { reportingEvent, type ReportingNewEvent } from '../../rules/domain/events';
import { formats, mismatch, requireFormat } from '../../rules/domain/formats';
import { addDays, isReportingDay } from '../../rules/domain/reporting-day';
import type { RosterStudent } from '../../rules/domain/roster-student';
import type { ReportingRules } from '../../rules/domain/rules';
import { abnormalFindingKey, abnormalReasonsOf } from './abnormal';
import { requireAnswers } from './answers';
import type { SubmitCheckIn } from './commands';
import { evolveCheckIns } from './evolve';
import { repetitionRunAround } from './repetition';
import { answersBefore, dayRecord, type CheckInRecord } from './state';

/**
 * Which day a check-in may be for: never a day in the future; a student checks in for today
 * only; a counsellor may file a late check-in up to `backfillDays` back.
 */
export function requireCheckInDay(
  day: unknown,
  today: string,
  role: SubmitCheckIn['submittedBy']['role'],
  rules: Pick<ReportingRules, 'backfillDays'>,
): string {
  if (!isReportingDay(day)) {
    throw Rejection.invalid('day', `day must be a calendar day YYYY-MM-DD, got ${String(day)}`);
  }
  if (day > today) {
    throw Rejection.invalid('day', `day ${day} is in the future (today is ${today})`);
  }
  if (day < today && role === 'student') {
    throw Rejection.invalid('day', `students check in for today (${today}) only, not ${day}`);
  }
  const earliest = addDays(today, -rules.backfillDays);
  if (day < earliest) {
    throw Rejection.invalid(
      'day',
      `day ${day} is too far back: late check-ins go back to ${earliest} at most`,
    );
  }
  return day;
}

/**
 * A check-in: the day's first is CheckInSubmitted, a later one the same day CheckInAmended
 * (the history keeps both). An abnormal one is also reported for isolation care, once per
 * finding and day; a run of word-for-word identical days as long as the university's limit
 * is flagged for the counsellor, once per run.
 */
export function decideSubmitCheckIn(
  command: SubmitCheckIn,
  context: {
    record: CheckInRecord;
    student: RosterStudent | null;
    today: string;
    rules: ReportingRules;
  },
): ReportingNewEvent[] {
  const { record, student, rules } = context;
  const studentNumber = requireFormat(
    command.studentNumber,
    formats.studentNumber,
    'studentNumber',
  );
  if (record.studentNumber !== studentNumber) {
    throw mismatch('check-in record', studentNumber, record.studentNumber);
  }
  const day = requireCheckInDay(command.day, context.today, command.submittedBy.role, rules);
  if (!student) {
    throw Rejection.invalid('studentNumber', `student ${studentNumber} is not on the roster`);
  }
  const answers = requireAnswers(command);
  const today = dayRecord(record, day);
  const abnormalReasons = abnormalReasonsOf(
    answers,
    answersBefore(record, day),
    rules.feverThresholdC,
  );
  const base = {
    studentNumber,
    day,
    classCode: student.classCode,
    classPath: [...student.classPath],
    ...answers,
    abnormalReasons,
    submittedBy: { ...command.submittedBy },
  };
  const events: ReportingNewEvent[] = [
    today.submissions === 0
      ? reportingEvent('CheckInSubmitted', base)
      : reportingEvent('CheckInAmended', { ...base, amendment: today.submissions }),
  ];

  if (abnormalReasons.length > 0) {
    const finding = abnormalFindingKey(abnormalReasons, answers);
    if (finding !== today.lastAbnormalFinding) {
      events.push(
        reportingEvent('AbnormalCheckInReported', {
          studentNumber,
          day,
          classCode: student.classCode,
          classPath: [...student.classPath],
          reasons: abnormalReasons,
          temperatureC: answers.health.temperatureC,
          feverThresholdC: rules.feverThresholdC,
          symptoms: answers.health.symptoms,
          exposure: answers.exposure,
          location: answers.location,
        }),
      );
    }
  }

  const after = events.reduce(evolveCheckIns, record);
  const run = repetitionRunAround(after, day);
  if (run.days >= rules.repetitionFlagDays && !after.flaggedRuns.has(run.since)) {
    events.push(
      reportingEvent('RepetitiveCheckInsFlagged', {
        studentNumber,
        day,
        classCode: student.classCode,
        since: run.since,
        streakDays: run.days,
      }),
    );
  }
  return events;
}
