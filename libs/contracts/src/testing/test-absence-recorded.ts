import { date, dialect, groupId, roundId, studentNumber, unitCode } from './schema-parts';
import { testingStreamIdPatterns } from './streams';
import { testRoundContract } from './test-round-contract';
import { absenceReasons, testingLimits, type AbsenceReason } from './vocabulary';

export const TEST_ABSENCE_RECORDED = 'TestAbsenceRecorded';

export interface TestAbsence {
  studentNumber: string;
  reason: AbsenceReason;
}

/**
 * Students of a group were not sampled, each with a reason. Lists only what changed: a new
 * absentee, or a corrected reason.
 */
export interface TestAbsenceRecordedV1 {
  roundId: string;
  date: string;
  groupId: string;
  community: string;
  absences: TestAbsence[];
}
export type TestAbsenceRecorded = TestAbsenceRecordedV1;

export const testAbsenceRecordedV1Schema = {
  $schema: dialect,
  $id: 'urn:bulwark:schema:reporting:TestAbsenceRecorded:v1',
  title: 'TestAbsenceRecorded v1',
  type: 'object',
  additionalProperties: false,
  required: ['roundId', 'date', 'groupId', 'community', 'absences'],
  properties: {
    roundId,
    date,
    groupId,
    community: unitCode,
    absences: {
      type: 'array',
      minItems: 1,
      maxItems: testingLimits.maxGroupSize,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['studentNumber', 'reason'],
        properties: { studentNumber, reason: { enum: absenceReasons } },
      },
    },
  },
} as const;

export const testAbsenceRecordedV1 = testRoundContract(
  TEST_ABSENCE_RECORDED,
  1,
  testingStreamIdPatterns.round,
  testAbsenceRecordedV1Schema,
);
