import { actorId, date, dialect, instant, roundId, studentNumbers, unitCode } from './schema-parts';
import { testingStreamIdPatterns } from './streams';
import { testRoundContract } from './test-round-contract';

export const CLASS_TALLY_SUBMITTED = 'ClassTallySubmitted';

/**
 * The class line of the dual-line check: a class counsellor's count of who in the class was
 * tested in the round, by name. Submitting again replaces the class's earlier tally
 * (`submission` counts from 1). An empty list is an explicit "nobody", never silence.
 */
export interface ClassTallySubmittedV1 {
  roundId: string;
  date: string;
  classCode: string;
  studentNumbers: string[];
  submittedBy: string;
  submittedAt: string;
  submission: number;
}
export type ClassTallySubmitted = ClassTallySubmittedV1;

export const classTallySubmittedV1Schema = {
  $schema: dialect,
  $id: 'urn:bulwark:schema:reporting:ClassTallySubmitted:v1',
  title: 'ClassTallySubmitted v1',
  type: 'object',
  additionalProperties: false,
  required: [
    'roundId',
    'date',
    'classCode',
    'studentNumbers',
    'submittedBy',
    'submittedAt',
    'submission',
  ],
  properties: {
    roundId,
    date,
    classCode: unitCode,
    studentNumbers,
    submittedBy: actorId,
    submittedAt: instant,
    submission: { type: 'integer', minimum: 1 },
  },
} as const;

export const classTallySubmittedV1 = testRoundContract(
  CLASS_TALLY_SUBMITTED,
  1,
  testingStreamIdPatterns.round,
  classTallySubmittedV1Schema,
);
