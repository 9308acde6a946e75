import { rosterContract } from './roster-contract';
import { dialect, studentNumber } from './schema-parts';
import { rosterStreamIdPatterns } from './streams';

export const DIETARY_NEED_RECORDED = 'DietaryNeedRecorded';

/** A student's halal need changed after enrolment (the value at enrolment is in StudentEnrolled). */
export interface DietaryNeedRecordedV1 {
  studentNumber: string;
  halal: boolean;
}
export type DietaryNeedRecorded = DietaryNeedRecordedV1;

export const dietaryNeedRecordedV1Schema = {
  $schema: dialect,
  $id: 'urn:bulwark:schema:roster:DietaryNeedRecorded:v1',
  title: 'DietaryNeedRecorded v1',
  type: 'object',
  additionalProperties: false,
  required: ['studentNumber', 'halal'],
  properties: { studentNumber, halal: { type: 'boolean' } },
} as const;

export const dietaryNeedRecordedV1 = rosterContract(
  DIETARY_NEED_RECORDED,
  1,
  rosterStreamIdPatterns.student,
  dietaryNeedRecordedV1Schema,
);
