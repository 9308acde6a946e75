import { reportingContract } from './reporting-contract';
import { actorId, day, dialect, lateByMinutes, unitCode } from './schema-parts';
import { reportingStreamIdPatterns } from './streams';

export const COLLEGE_REPORT_SUBMITTED = 'CollegeReportSubmitted';

/**
 * The party secretary reviewed the approved college report and submitted it to the
 * prevention office. From now on it is locked: only a reopen with a reason changes it.
 */
export interface CollegeReportSubmittedV1 {
  day: string;
  collegeCode: string;
  submittedBy: string;
  pass: number;
  /** Minutes after the submission deadline; 0 when on time. */
  lateByMinutes: number;
}
export type CollegeReportSubmitted = CollegeReportSubmittedV1;

export const collegeReportSubmittedV1Schema = {
  $schema: dialect,
  $id: 'urn:bulwark:schema:reporting:CollegeReportSubmitted:v1',
  title: 'CollegeReportSubmitted v1',
  type: 'object',
  additionalProperties: false,
  required: ['day', 'collegeCode', 'submittedBy', 'pass', 'lateByMinutes'],
  properties: {
    day,
    collegeCode: unitCode,
    submittedBy: actorId,
    pass: { type: 'integer', minimum: 1 },
    lateByMinutes,
  },
} as const;

export const collegeReportSubmittedV1 = reportingContract(
  COLLEGE_REPORT_SUBMITTED,
  1,
  reportingStreamIdPatterns.collegeReport,
  collegeReportSubmittedV1Schema,
);
