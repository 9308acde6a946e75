/**
 * Store stream of a testing round: one per round, holding its plan, sampling, results, both
 * tallies and the discrepancies. The stream id is the CloudEvents `subject` of its events.
 */
export const testingStreamId = {
  round: (roundId: string): string => `test-round-${roundId}`,
} as const;

export const testingStreamIdPatterns = {
  round: 'test-round-<roundId>',
} as const;
