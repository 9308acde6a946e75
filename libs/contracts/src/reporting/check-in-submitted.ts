import type { AbnormalReason } from './vocabulary';
import type { CheckInHealth, CheckInLocation, CheckInSubmitter } from './check-in-answers';
import type { ExposureCategory } from './vocabulary';
import { reportingContract } from './reporting-contract';
import {
  abnormalReasonList,
  classPath,
  day,
  dialect,
  exposure,
  health,
  location,
  studentNumber,
  submittedBy,
  unitCode,
} from './schema-parts';
import { reportingStreamIdPatterns } from './streams';

export const CHECK_IN_SUBMITTED = 'CheckInSubmitted';

/**
 * A student's first check-in of a reporting day: location, health, exposure. Submitted by the
 * student or by their counsellor on their behalf (`submittedBy`). `abnormalReasons` is empty
 * for a normal check-in; when it is not, an AbnormalCheckInReported follows on the same stream.
 */
export interface CheckInSubmittedV1 {
  studentNumber: string;
  day: string;
  /** The student's class when they checked in (from the roster). */
  classCode: string;
  classPath: string[];
  location: CheckInLocation;
  health: CheckInHealth;
  exposure: ExposureCategory;
  abnormalReasons: AbnormalReason[];
  submittedBy: CheckInSubmitter;
}
export type CheckInSubmitted = CheckInSubmittedV1;

export const checkInProperties = {
  studentNumber,
  day,
  classCode: unitCode,
  classPath,
  location,
  health,
  exposure,
  abnormalReasons: abnormalReasonList,
  submittedBy,
} as const;

export const checkInRequired = [
  'studentNumber',
  'day',
  'classCode',
  'classPath',
  'location',
  'health',
  'exposure',
  'abnormalReasons',
  'submittedBy',
] as const;

export const checkInSubmittedV1Schema = {
  $schema: dialect,
  $id: 'urn:bulwark:schema:reporting:CheckInSubmitted:v1',
  title: 'CheckInSubmitted v1',
  type: 'object',
  additionalProperties: false,
  required: checkInRequired,
  properties: checkInProperties,
} as const;

export const checkInSubmittedV1 = reportingContract(
  CHECK_IN_SUBMITTED,
  1,
  reportingStreamIdPatterns.checkIns,
  checkInSubmittedV1Schema,
);
