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

/** Stream `check-ins-<studentNumber>`: the student's daily reporting record, every day. */
export interface CheckInRecord {
  readonly studentNumber: string;
  readonly days: ReadonlyMap<string, ReportingDayRecord>;
  /** First days of the runs of identical answers already flagged as repetitive. */
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
  return { studentNumber, days: new Map(), flaggedRuns: new Set() };
}

export function dayRecord(record: CheckInRecord, day: string): ReportingDayRecord {
  return record.days.get(day) ?? emptyDay;
}

/** The last answers the student gave on a day before `day`; null when none. */
export function answersBefore(record: CheckInRecord, day: string): CheckInAnswers | null {
  let latest: string | null = null;
  for (const [d, r] of record.days) {
    if (d < day && r.answers && (latest === null || d > latest)) latest = d;
  }
  return latest === null ? null : record.days.get(latest)!.answers;
}
