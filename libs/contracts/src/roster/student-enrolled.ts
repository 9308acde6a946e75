import { rosterContract } from './roster-contract';
import {
  classPath,
  dialect,
  personName,
  place,
  roomPath,
  studentNumber,
  unitCode,
} from './schema-parts';
import { rosterStreamIdPatterns } from './streams';
import {
  genders,
  rosterPatterns,
  rosterTextLimits,
  studentTypes,
  type Gender,
  type StudentType,
} from './vocabulary';

export const STUDENT_ENROLLED = 'StudentEnrolled';

export interface OnCampusResidence {
  kind: 'on-campus';
  roomCode: string;
  roomPath: string[];
}

export interface OffCampusResidence {
  kind: 'off-campus';
  province: string;
  city: string;
  /** Whether the place is a risk area (hard-hit area) at the time of the event. */
  riskArea: boolean;
}

export type Residence = OnCampusResidence | OffCampusResidence;

/**
 * A student joined the roster: in exactly one class and either in one room on campus or at a
 * place off campus. The room's bed is taken by a BedAllocated on the room's stream.
 */
export interface StudentEnrolledV1 {
  studentNumber: string;
  name: string;
  studentType: StudentType;
  classCode: string;
  /** university, college, grade, class codes. */
  classPath: string[];
  gender: Gender;
  /** e.g. 'Han', 'Hui'. */
  ethnicity: string;
  /** Eats from the halal window. */
  halal: boolean;
  phone: string;
  residence: Residence;
}
export type StudentEnrolled = StudentEnrolledV1;

export const studentEnrolledV1Schema = {
  $schema: dialect,
  $id: 'urn:bulwark:schema:roster:StudentEnrolled:v1',
  title: 'StudentEnrolled v1',
  type: 'object',
  additionalProperties: false,
  required: [
    'studentNumber',
    'name',
    'studentType',
    'classCode',
    'classPath',
    'gender',
    'ethnicity',
    'halal',
    'phone',
    'residence',
  ],
  properties: {
    studentNumber,
    name: personName,
    studentType: { enum: studentTypes },
    classCode: unitCode,
    classPath,
    gender: { enum: genders },
    ethnicity: { type: 'string', minLength: 1, maxLength: rosterTextLimits.ethnicity },
    halal: { type: 'boolean' },
    phone: { type: 'string', pattern: rosterPatterns.phone },
    residence: {
      oneOf: [
        {
          type: 'object',
          additionalProperties: false,
          required: ['kind', 'roomCode', 'roomPath'],
          properties: { kind: { const: 'on-campus' }, roomCode: unitCode, roomPath },
        },
        {
          type: 'object',
          additionalProperties: false,
          required: ['kind', 'province', 'city', 'riskArea'],
          properties: {
            kind: { const: 'off-campus' },
            province: place,
            city: place,
            riskArea: { type: 'boolean' },
          },
        },
      ],
    },
  },
} as const;

export const studentEnrolledV1 = rosterContract(
  STUDENT_ENROLLED,
  1,
  rosterStreamIdPatterns.student,
  studentEnrolledV1Schema,
);
