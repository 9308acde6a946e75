import { date, dialect, groupId, instant, roundId, studentNumber } from './schema-parts';
import { testingStreamIdPatterns } from './streams';
import { testRoundContract } from './test-round-contract';
import { testResults, type TestResult } from './vocabulary';

export const TEST_RESULT_RECORDED = 'TestResultRecorded';

/**
 * The laboratory's result for a sample (a student's `attempt` in the round). A positive
 * result is also announced as PositiveTestResultReported, which isolation care acts on; an
 * invalid one calls for a new sample.
 */
export interface TestResultRecordedV1 {
  roundId: string;
  date: string;
  studentNumber: string;
  groupId: string;
  attempt: number;
  result: TestResult;
  reportedAt: string;
}
export type TestResultRecorded = TestResultRecordedV1;

export const testResultRecordedV1Schema = {
  $schema: dialect,
  $id: 'urn:bulwark:schema:reporting:TestResultRecorded:v1',
  title: 'TestResultRecorded v1',
  type: 'object',
  additionalProperties: false,
  required: ['roundId', 'date', 'studentNumber', 'groupId', 'attempt', 'result', 'reportedAt'],
  properties: {
    roundId,
    date,
    studentNumber,
    groupId,
    attempt: { type: 'integer', minimum: 1 },
    result: { enum: testResults },
    reportedAt: instant,
  },
} as const;

export const testResultRecordedV1 = testRoundContract(
  TEST_RESULT_RECORDED,
  1,
  testingStreamIdPatterns.round,
  testResultRecordedV1Schema,
);
