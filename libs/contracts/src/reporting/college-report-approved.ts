import { reportingContract } from './reporting-contract';
import { actorId, day, dialect, lateByMinutes, unitCode } from './schema-parts';
import { reportingStreamIdPatterns } from './streams';

export const COLLEGE_REPORT_APPROVED = 'CollegeReportApproved';

/** The deputy party secretary approved the compiled college report (first review). */
export interface CollegeReportApprovedV1 {
  day: string;
  collegeCode: string;
  approvedBy: string;
  pass: number;
  /** Minutes after the first-review deadline; 0 when on time. */
  lateByMinutes: number;
}
export type CollegeReportApproved = CollegeReportApprovedV1;

export const collegeReportApprovedV1Schema = {
  $schema: dialect,
  $id: 'urn:bulwark:schema:reporting:CollegeReportApproved:v1',
  title: 'CollegeReportApproved v1',
  type: 'object',
  additionalProperties: false,
  required: ['day', 'collegeCode', 'approvedBy', 'pass', 'lateByMinutes'],
  properties: {
    day,
    collegeCode: unitCode,
    approvedBy: actorId,
    pass: { type: 'integer', minimum: 1 },
    lateByMinutes,
  },
} as const;

export const collegeReportApprovedV1 = reportingContract(
  COLLEGE_REPORT_APPROVED,
  1,
  reportingStreamIdPatterns.collegeReport,
  collegeReportApprovedV1Schema,
);
