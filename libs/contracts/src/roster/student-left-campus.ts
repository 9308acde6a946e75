import { rosterContract } from './roster-contract';
import { dialect, nullableUnitCode, place, studentNumber } from './schema-parts';
import { rosterStreamIdPatterns } from './streams';

export const STUDENT_LEFT_CAMPUS = 'StudentLeftCampus';

/** A student moved off campus to a place (province, city, risk area or not); their bed is freed. */
export interface StudentLeftCampusV1 {
  studentNumber: string;
  previousRoomCode: string | null;
  province: string;
  city: string;
  riskArea: boolean;
}
export type StudentLeftCampus = StudentLeftCampusV1;

export const studentLeftCampusV1Schema = {
  $schema: dialect,
  $id: 'urn:bulwark:schema:roster:StudentLeftCampus:v1',
  title: 'StudentLeftCampus v1',
  type: 'object',
  additionalProperties: false,
  required: ['studentNumber', 'previousRoomCode', 'province', 'city', 'riskArea'],
  properties: {
    studentNumber,
    previousRoomCode: nullableUnitCode,
    province: place,
    city: place,
    riskArea: { type: 'boolean' },
  },
} as const;

export const studentLeftCampusV1 = rosterContract(
  STUDENT_LEFT_CAMPUS,
  1,
  rosterStreamIdPatterns.student,
  studentLeftCampusV1Schema,
);
