import { rosterContract } from './roster-contract';
import { dialect, roomPath, studentNumber, unitCode } from './schema-parts';
import { rosterStreamIdPatterns } from './streams';

export const STUDENT_RETURNED_TO_CAMPUS = 'StudentReturnedToCampus';

/** An off-campus student came back (exam, internship, job: approved case by case) into a room. */
export interface StudentReturnedToCampusV1 {
  studentNumber: string;
  roomCode: string;
  roomPath: string[];
}
export type StudentReturnedToCampus = StudentReturnedToCampusV1;

export const studentReturnedToCampusV1Schema = {
  $schema: dialect,
  $id: 'urn:bulwark:schema:roster:StudentReturnedToCampus:v1',
  title: 'StudentReturnedToCampus v1',
  type: 'object',
  additionalProperties: false,
  required: ['studentNumber', 'roomCode', 'roomPath'],
  properties: { studentNumber, roomCode: unitCode, roomPath },
} as const;

export const studentReturnedToCampusV1 = rosterContract(
  STUDENT_RETURNED_TO_CAMPUS,
  1,
  rosterStreamIdPatterns.student,
  studentReturnedToCampusV1Schema,
);
