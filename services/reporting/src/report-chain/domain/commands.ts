import type { ReviewStep } from '@bulwark/contracts';

export interface OnCollegeReport {
  collegeCode: string;
  day: string;
}

/** A class counsellor's report of a class for a day: changes, or an explicit zero report. */
export interface FileClassReport extends OnCollegeReport {
  classCode: string;
  kind: unknown;
  changes?: { studentNumber: unknown; category: unknown; description: unknown }[];
  filedBy: string;
}

export interface CompileCollegeReport extends OnCollegeReport {
  compiledBy: string;
}

export interface ApproveCollegeReport extends OnCollegeReport {
  approvedBy: string;
}

export interface SendBackCollegeReport extends OnCollegeReport {
  step: ReviewStep;
  reason: unknown;
  sentBackBy: string;
}

export interface SubmitCollegeReport extends OnCollegeReport {
  submittedBy: string;
}

export interface ReopenCollegeReport extends OnCollegeReport {
  reason: unknown;
  reopenedBy: string;
}

/** A class expected to report: on the roster, in the college, with students. */
export interface ExpectedClass {
  classCode: string;
  name: string;
}
