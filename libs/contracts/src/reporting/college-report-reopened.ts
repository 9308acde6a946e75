import { reportingContract } from './reporting-contract';
import { actorId, day, dialect, reason, unitCode } from './schema-parts';
import { reportingStreamIdPatterns } from './streams';

export const COLLEGE_REPORT_REOPENED = 'CollegeReportReopened';

/**
 * A compiled, approved or submitted college report was reopened, with a reason, so that it
 * can be changed. It must pass the whole chain again (compile, first review, submission);
 * `pass` is the number of the new pass.
 */
export interface CollegeReportReopenedV1 {
  day: string;
  collegeCode: string;
  reason: string;
  reopenedBy: string;
  previousStatus: 'compiled' | 'approved' | 'submitted';
  pass: number;
}
export type CollegeReportReopened = CollegeReportReopenedV1;

export const collegeReportReopenedV1Schema = {
  $schema: dialect,
  $id: 'urn:bulwark:schema:reporting:CollegeReportReopened:v1',
  title: 'CollegeReportReopened v1',
  type: 'object',
  additionalProperties: false,
  required: ['day', 'collegeCode', 'reason', 'reopenedBy', 'previousStatus', 'pass'],
  properties: {
    day,
    collegeCode: unitCode,
    reason,
    reopenedBy: actorId,
    previousStatus: { enum: ['compiled', 'approved', 'submitted'] },
    pass: { type: 'integer', minimum: 2 },
  },
} as const;

export const collegeReportReopenedV1 = reportingContract(
  COLLEGE_REPORT_REOPENED,
  1,
  reportingStreamIdPatterns.collegeReport,
  collegeReportReopenedV1Schema,
);
