import type { CheckInLocation } from './check-in-answers';
import { reportingContract } from './reporting-contract';
import {
  abnormalReasonList,
  classPath,
  day,
  dialect,
  exposure,
  location,
  studentNumber,
  symptomList,
  temperatureC,
  unitCode,
} from './schema-parts';
import { reportingStreamIdPatterns } from './streams';
import type { AbnormalReason, ExposureCategory, Symptom } from './vocabulary';

export const ABNORMAL_CHECK_IN_REPORTED = 'AbnormalCheckInReported';

/**
 * A check-in (or an amendment) was abnormal: a fever at or above the university's threshold,
 * any symptom, or a new exposure (one the student's last check-in of an earlier day did not
 * report). Isolation care acts on this event. Reported once per day per distinct finding: an
 * amendment repeating the same finding reports nothing new.
 */
export interface AbnormalCheckInReportedV1 {
  studentNumber: string;
  day: string;
  classCode: string;
  classPath: string[];
  reasons: AbnormalReason[];
  temperatureC: number;
  /** The threshold the temperature was compared with. */
  feverThresholdC: number;
  symptoms: Symptom[];
  exposure: ExposureCategory;
  location: CheckInLocation;
}
export type AbnormalCheckInReported = AbnormalCheckInReportedV1;

export const abnormalCheckInReportedV1Schema = {
  $schema: dialect,
  $id: 'urn:bulwark:schema:reporting:AbnormalCheckInReported:v1',
  title: 'AbnormalCheckInReported v1',
  type: 'object',
  additionalProperties: false,
  required: [
    'studentNumber',
    'day',
    'classCode',
    'classPath',
    'reasons',
    'temperatureC',
    'feverThresholdC',
    'symptoms',
    'exposure',
    'location',
  ],
  properties: {
    studentNumber,
    day,
    classCode: unitCode,
    classPath,
    reasons: { ...abnormalReasonList, minItems: 1 },
    temperatureC,
    feverThresholdC: temperatureC,
    symptoms: symptomList,
    exposure,
    location,
  },
} as const;

export const abnormalCheckInReportedV1 = reportingContract(
  ABNORMAL_CHECK_IN_REPORTED,
  1,
  reportingStreamIdPatterns.checkIns,
  abnormalCheckInReportedV1Schema,
);
