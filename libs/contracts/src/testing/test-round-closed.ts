import { actorId, count, date, dialect, instant, roundId } from './schema-parts';
import { testingStreamIdPatterns } from './streams';
import { testRoundContract } from './test-round-contract';

export const TEST_ROUND_CLOSED = 'TestRoundClosed';

/** Results of a round's latest samples, per value; `pending` have no result yet. */
export interface TestRoundResultCounts {
  negative: number;
  positive: number;
  invalid: number;
  pending: number;
}

/**
 * A round closed: both lines agree, every discrepancy resolved. The figures are the round's
 * final account; nothing is recorded on a closed round.
 */
export interface TestRoundClosedV1 {
  roundId: string;
  date: string;
  closedBy: string;
  closedAt: string;
  groupCount: number;
  studentCount: number;
  sampled: number;
  absent: number;
  /** Neither sampled nor recorded absent. */
  unaccounted: number;
  results: TestRoundResultCounts;
  discrepanciesResolved: number;
}
export type TestRoundClosed = TestRoundClosedV1;

export const testRoundClosedV1Schema = {
  $schema: dialect,
  $id: 'urn:bulwark:schema:reporting:TestRoundClosed:v1',
  title: 'TestRoundClosed v1',
  type: 'object',
  additionalProperties: false,
  required: [
    'roundId',
    'date',
    'closedBy',
    'closedAt',
    'groupCount',
    'studentCount',
    'sampled',
    'absent',
    'unaccounted',
    'results',
    'discrepanciesResolved',
  ],
  properties: {
    roundId,
    date,
    closedBy: actorId,
    closedAt: instant,
    groupCount: count,
    studentCount: count,
    sampled: count,
    absent: count,
    unaccounted: count,
    results: {
      type: 'object',
      additionalProperties: false,
      required: ['negative', 'positive', 'invalid', 'pending'],
      properties: { negative: count, positive: count, invalid: count, pending: count },
    },
    discrepanciesResolved: count,
  },
} as const;

export const testRoundClosedV1 = testRoundContract(
  TEST_ROUND_CLOSED,
  1,
  testingStreamIdPatterns.round,
  testRoundClosedV1Schema,
);
