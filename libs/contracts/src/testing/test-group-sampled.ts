import { date, dialect, groupId, instant, roundId, studentNumber, unitCode } from './schema-parts';
import { testingStreamIdPatterns } from './streams';
import { testRoundContract } from './test-round-contract';
import { testingLimits } from './vocabulary';

export const TEST_GROUP_SAMPLED = 'TestGroupSampled';

export interface TestSample {
  studentNumber: string;
  /** 1 for the first sample of the round; 2, 3… after an invalid result. */
  attempt: number;
}

/**
 * Students of a group were sampled at `sampledAt` (one student, or a scanned list). Lists only
 * new samples: a student sampled before whose result is not `invalid` is not sampled again.
 */
export interface TestGroupSampledV1 {
  roundId: string;
  date: string;
  groupId: string;
  community: string;
  sampledAt: string;
  samples: TestSample[];
}
export type TestGroupSampled = TestGroupSampledV1;

export const testGroupSampledV1Schema = {
  $schema: dialect,
  $id: 'urn:bulwark:schema:reporting:TestGroupSampled:v1',
  title: 'TestGroupSampled v1',
  type: 'object',
  additionalProperties: false,
  required: ['roundId', 'date', 'groupId', 'community', 'sampledAt', 'samples'],
  properties: {
    roundId,
    date,
    groupId,
    community: unitCode,
    sampledAt: instant,
    samples: {
      type: 'array',
      minItems: 1,
      maxItems: testingLimits.maxGroupSize,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['studentNumber', 'attempt'],
        properties: { studentNumber, attempt: { type: 'integer', minimum: 1 } },
      },
    },
  },
} as const;

export const testGroupSampledV1 = testRoundContract(
  TEST_GROUP_SAMPLED,
  1,
  testingStreamIdPatterns.round,
  testGroupSampledV1Schema,
);
