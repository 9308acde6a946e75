import { reportingContract } from './reporting-contract';
import { classPath, day, dialect, instant, studentNumber, unitCode } from './schema-parts';
import { reportingStreamIdPatterns } from './streams';

export const STUDENT_FLAGGED_NON_RESPONDER = 'StudentFlaggedNonResponder';

/**
 * At the class-report deadline the student, expected on the roster, had not checked in for
 * the day. The counsellor follows up point to point until the student is reached or their
 * absence explained ("no one missed"). Flagged once per student per day.
 */
export interface StudentFlaggedNonResponderV1 {
  studentNumber: string;
  day: string;
  classCode: string;
  classPath: string[];
  /** The class-report deadline that passed. */
  deadline: string;
}
export type StudentFlaggedNonResponder = StudentFlaggedNonResponderV1;

export const studentFlaggedNonResponderV1Schema = {
  $schema: dialect,
  $id: 'urn:bulwark:schema:reporting:StudentFlaggedNonResponder:v1',
  title: 'StudentFlaggedNonResponder v1',
  type: 'object',
  additionalProperties: false,
  required: ['studentNumber', 'day', 'classCode', 'classPath', 'deadline'],
  properties: { studentNumber, day, classCode: unitCode, classPath, deadline: instant },
} as const;

export const studentFlaggedNonResponderV1 = reportingContract(
  STUDENT_FLAGGED_NON_RESPONDER,
  1,
  reportingStreamIdPatterns.checkIns,
  studentFlaggedNonResponderV1Schema,
);
