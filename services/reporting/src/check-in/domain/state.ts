import type { CheckInAnswers, FollowUpResolution } from '@bulwark/contracts';

/** One reporting day of one student. */
export interface ReportingDayRecord {
  /** Check-ins that day: 0 before the first, then 1, 2 (one amendment), … */
  readonly submissions: number;
  /** The day's answers as last submitted; null before the first check-in. */
  readonly answers: CheckInAnswers | null;
  /** What was last reported as abnormal that day (canonical key), to report a finding once. */
  readonly lastAbnormalFinding: string | null;
  /** Flagged at the class-report deadline for not having checked in. */
  readonly nonResponder: boolean;
  readonly followUps: number;
  readonly resolution: FollowUpResolution | null;
}

/** A run of consecutive days with word-for-word the same answers. */
export interface AnswersRun {
  readonly since: string;
  readonly until: string;
  readonly answers: CheckInAnswers;
}

/**
 * What the days a record no longer keeps whole still decide (see `settleEarlierDays`): no
 * check-in can be filed for them any more, so all a new one asks of them is the run of
 * identical answers they ended with (a repetitive run may reach back into them) and those
 * answers (a new exposure is one the last earlier answers did not report).
 */
export interface EarlierDays {
  /** The last settled day: it and every day before it. */
  readonly through: string;
  /** The run that ends on the last settled day with answers; null when none had answers. */
  readonly run: AnswersRun | null;
}

/**
 * Stream `check-ins-<studentNumber>`: the student's daily reporting record. It keeps the
 * recent days whole, and the days of non-responder flags for their follow-ups; of the days
 * before, only what `EarlierDays` holds. So it stays the same size however long the lockdown.
 */
export interface CheckInRecord {
  readonly studentNumber: string;
  /** Days after `earlier.through`, and every day the student was flagged a non-responder. */
  readonly days: ReadonlyMap<string, ReportingDayRecord>;
  readonly earlier: EarlierDays | null;
  /** First days of the runs of identical answers already flagged as repetitive (those a run can still start on). */
  readonly flaggedRuns: ReadonlySet<string>;
}

export const emptyDay: ReportingDayRecord = {
  submissions: 0,
  answers: null,
  lastAbnormalFinding: null,
  nonResponder: false,
  followUps: 0,
  resolution: null,
};

export function initialCheckInRecord(studentNumber: string): CheckInRecord {
  return { studentNumber, days: new Map(), earlier: null, flaggedRuns: new Set() };
}

export function dayRecord(record: CheckInRecord, day: string): ReportingDayRecord {
  return record.days.get(day) ?? emptyDay;
}

/** Whether `day` is one of the settled days the record keeps only in `earlier`. */
function isSettled(record: CheckInRecord, day: string): boolean {
  return record.earlier !== null && day <= record.earlier.through;
}

/** The answers last given for `day`; null when the student did not check in that day. */
export function answersOn(record: CheckInRecord, day: string): CheckInAnswers | null {
  const earlier = record.earlier;
  if (earlier !== null && day <= earlier.through) {
    const run = earlier.run;
    return run && run.since <= day && day <= run.until ? run.answers : null;
  }
  return record.days.get(day)?.answers ?? null;
}

/** The last answers the student gave on a day before `day` (a day not yet settled); null when none. */
export function answersBefore(record: CheckInRecord, day: string): CheckInAnswers | null {
  let latest: string | null = null;
  for (const [d, r] of record.days) {
    if (d < day && r.answers && !isSettled(record, d) && (latest === null || d > latest))
      latest = d;
  }
  if (latest !== null) return record.days.get(latest)!.answers;
  const run = record.earlier?.run;
  return run && run.since < day ? run.answers : null;
}
