import { reportingContract } from './reporting-contract';
import { actorId, day, dialect, reason, unitCode } from './schema-parts';
import { reportingStreamIdPatterns } from './streams';
import { reviewSteps, type ReviewStep } from './vocabulary';

export const COLLEGE_REPORT_SENT_BACK = 'CollegeReportSentBack';

/**
 * A reviewer sent the college report back with a reason: the deputy party secretary at the
 * first review, or the party secretary at the second. Class reports may then be filed again
 * and the report must be compiled and reviewed again.
 */
export interface CollegeReportSentBackV1 {
  day: string;
  collegeCode: string;
  step: ReviewStep;
  reason: string;
  sentBackBy: string;
  pass: number;
}
export type CollegeReportSentBack = CollegeReportSentBackV1;

export const collegeReportSentBackV1Schema = {
  $schema: dialect,
  $id: 'urn:bulwark:schema:reporting:CollegeReportSentBack:v1',
  title: 'CollegeReportSentBack v1',
  type: 'object',
  additionalProperties: false,
  required: ['day', 'collegeCode', 'step', 'reason', 'sentBackBy', 'pass'],
  properties: {
    day,
    collegeCode: unitCode,
    step: { enum: reviewSteps },
    reason,
    sentBackBy: actorId,
    pass: { type: 'integer', minimum: 1 },
  },
} as const;

export const collegeReportSentBackV1 = reportingContract(
  COLLEGE_REPORT_SENT_BACK,
  1,
  reportingStreamIdPatterns.collegeReport,
  collegeReportSentBackV1Schema,
);
