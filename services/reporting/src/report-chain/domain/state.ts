import type {
  ChainStep,
  ClassReportChange,
  ClassReportKind,
  CollegeReportStatus,
} from '@bulwark/contracts';

/** A class's report as it stands in the college report of the day. */
export interface ClassReportEntry {
  readonly kind: ClassReportKind;
  readonly changes: readonly ClassReportChange[];
  readonly filedBy: string;
  readonly filing: number;
  readonly lateByMinutes: number;
  /** Lateness of the class's first filing of the day: what its deadline is judged by. */
  readonly firstLateByMinutes: number;
}

/**
 * Stream `college-report-<collegeCode>-<day>`: one college's report chain of one day, from
 * the class reports through compilation and the two reviews to submission (and reopening).
 */
export interface CollegeReportState {
  readonly collegeCode: string;
  readonly day: string;
  readonly status: CollegeReportStatus;
  /** 1 for the first pass through the chain, one more after each send-back or reopen. */
  readonly pass: number;
  readonly classReports: ReadonlyMap<string, ClassReportEntry>;
  /** Lateness of the day's first approval and first submission; null until they happen. */
  readonly firstApprovalLateByMinutes: number | null;
  readonly firstSubmissionLateByMinutes: number | null;
  /** Deadlines already recorded as missed: `<step>:<unitCode>`. */
  readonly missed: ReadonlySet<string>;
}

export function initialCollegeReportState(collegeCode: string, day: string): CollegeReportState {
  return {
    collegeCode,
    day,
    status: 'open',
    pass: 1,
    classReports: new Map(),
    firstApprovalLateByMinutes: null,
    firstSubmissionLateByMinutes: null,
    missed: new Set(),
  };
}

export const missedKey = (step: ChainStep, unitCode: string): string => `${step}:${unitCode}`;

/** Statuses in which class reports may be filed and the report compiled. */
export const collectingStatuses: readonly CollegeReportStatus[] = ['open', 'sent-back', 'reopened'];

export function isCollecting(report: CollegeReportState): boolean {
  return collectingStatuses.includes(report.status);
}
