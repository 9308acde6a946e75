import { actorId, date, dialect, instant, roundId, studentNumbers, unitCode } from './schema-parts';
import { testingStreamIdPatterns } from './streams';
import { testRoundContract } from './test-round-contract';

export const DORM_TALLY_SUBMITTED = 'DormTallySubmitted';

/**
 * The dorm line of the dual-line check: a community counsellor's count of who in a building
 * was tested in the round, by name. Submitting again replaces the building's earlier tally
 * (`submission` counts from 1). An empty list is an explicit "nobody", never silence.
 */
export interface DormTallySubmittedV1 {
  roundId: string;
  date: string;
  community: string;
  buildingCode: string;
  studentNumbers: string[];
  submittedBy: string;
  submittedAt: string;
  submission: number;
}
export type DormTallySubmitted = DormTallySubmittedV1;

export const dormTallySubmittedV1Schema = {
  $schema: dialect,
  $id: 'urn:bulwark:schema:reporting:DormTallySubmitted:v1',
  title: 'DormTallySubmitted v1',
  type: 'object',
  additionalProperties: false,
  required: [
    'roundId',
    'date',
    'community',
    'buildingCode',
    'studentNumbers',
    'submittedBy',
    'submittedAt',
    'submission',
  ],
  properties: {
    roundId,
    date,
    community: unitCode,
    buildingCode: unitCode,
    studentNumbers,
    submittedBy: actorId,
    submittedAt: instant,
    submission: { type: 'integer', minimum: 1 },
  },
} as const;

export const dormTallySubmittedV1 = testRoundContract(
  DORM_TALLY_SUBMITTED,
  1,
  testingStreamIdPatterns.round,
  dormTallySubmittedV1Schema,
);
