import { reportingContract } from './reporting-contract';
import { day, dialect, studentNumber, unitCode } from './schema-parts';
import { reportingStreamIdPatterns } from './streams';

export const REPETITIVE_CHECK_INS_FLAGGED = 'RepetitiveCheckInsFlagged';

/**
 * The student's check-ins repeated the previous day's answers word for word for `streakDays`
 * days in a row (since `since`): a known way of gaming the daily form. For the counsellor to
 * look at; flagged once per run of identical days.
 */
export interface RepetitiveCheckInsFlaggedV1 {
  studentNumber: string;
  day: string;
  classCode: string;
  /** First day of the run of identical answers. */
  since: string;
  streakDays: number;
}
export type RepetitiveCheckInsFlagged = RepetitiveCheckInsFlaggedV1;

export const repetitiveCheckInsFlaggedV1Schema = {
  $schema: dialect,
  $id: 'urn:bulwark:schema:reporting:RepetitiveCheckInsFlagged:v1',
  title: 'RepetitiveCheckInsFlagged v1',
  type: 'object',
  additionalProperties: false,
  required: ['studentNumber', 'day', 'classCode', 'since', 'streakDays'],
  properties: {
    studentNumber,
    day,
    classCode: unitCode,
    since: day,
    streakDays: { type: 'integer', minimum: 2 },
  },
} as const;

export const repetitiveCheckInsFlaggedV1 = reportingContract(
  REPETITIVE_CHECK_INS_FLAGGED,
  1,
  reportingStreamIdPatterns.checkIns,
  repetitiveCheckInsFlaggedV1Schema,
);
