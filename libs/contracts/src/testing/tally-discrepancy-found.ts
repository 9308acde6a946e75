import {
  date,
  dialect,
  discrepancyId,
  personName,
  roundId,
  studentNumber,
  unitCode,
  unitCodes,
} from './schema-parts';
import { testingStreamIdPatterns } from './streams';
import { testRoundContract } from './test-round-contract';
import { discrepancyKinds, type DiscrepancyKind } from './vocabulary';

export const TALLY_DISCREPANCY_FOUND = 'TallyDiscrepancyFound';

/**
 * The two lines disagree about one student, by name: shown to the class counsellor and the
 * community counsellor with the student's class and room (as the round knows them) and where
 * each line counted the student. The round cannot close until it is resolved.
 */
export interface TallyDiscrepancyFoundV1 {
  roundId: string;
  date: string;
  discrepancyId: string;
  kind: DiscrepancyKind;
  studentNumber: string;
  name: string;
  classCode: string;
  roomCode: string;
  buildingCode: string;
  community: string;
  /** The classes whose tally counts the student ([] or their class). */
  classLine: string[];
  /** The buildings whose tally counts the student. */
  dormLine: string[];
}
export type TallyDiscrepancyFound = TallyDiscrepancyFoundV1;

export const tallyDiscrepancyFoundV1Schema = {
  $schema: dialect,
  $id: 'urn:bulwark:schema:reporting:TallyDiscrepancyFound:v1',
  title: 'TallyDiscrepancyFound v1',
  type: 'object',
  additionalProperties: false,
  required: [
    'roundId',
    'date',
    'discrepancyId',
    'kind',
    'studentNumber',
    'name',
    'classCode',
    'roomCode',
    'buildingCode',
    'community',
    'classLine',
    'dormLine',
  ],
  properties: {
    roundId,
    date,
    discrepancyId,
    kind: { enum: discrepancyKinds },
    studentNumber,
    name: personName,
    classCode: unitCode,
    roomCode: unitCode,
    buildingCode: unitCode,
    community: unitCode,
    classLine: unitCodes,
    dormLine: unitCodes,
  },
} as const;

export const tallyDiscrepancyFoundV1 = testRoundContract(
  TALLY_DISCREPANCY_FOUND,
  1,
  testingStreamIdPatterns.round,
  tallyDiscrepancyFoundV1Schema,
);
