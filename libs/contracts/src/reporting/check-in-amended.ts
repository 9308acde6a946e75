import type { CheckInSubmittedV1 } from './check-in-submitted';
import { checkInProperties, checkInRequired } from './check-in-submitted';
import { reportingContract } from './reporting-contract';
import { dialect } from './schema-parts';
import { reportingStreamIdPatterns } from './streams';

export const CHECK_IN_AMENDED = 'CheckInAmended';

/**
 * A second (third, …) check-in of the same student on the same day: it replaces the day's
 * answers, and the earlier ones stay in the history. `amendment` counts from 1.
 */
export interface CheckInAmendedV1 extends CheckInSubmittedV1 {
  amendment: number;
}
export type CheckInAmended = CheckInAmendedV1;

export const checkInAmendedV1Schema = {
  $schema: dialect,
  $id: 'urn:bulwark:schema:reporting:CheckInAmended:v1',
  title: 'CheckInAmended v1',
  type: 'object',
  additionalProperties: false,
  required: [...checkInRequired, 'amendment'],
  properties: { ...checkInProperties, amendment: { type: 'integer', minimum: 1 } },
} as const;

export const checkInAmendedV1 = reportingContract(
  CHECK_IN_AMENDED,
  1,
  reportingStreamIdPatterns.checkIns,
  checkInAmendedV1Schema,
);
