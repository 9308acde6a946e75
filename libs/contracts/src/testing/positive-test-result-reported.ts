import {
  classPath,
  date,
  dialect,
  groupId,
  instant,
  personName,
  roomPath,
  roundId,
  studentNumber,
  unitCode,
} from './schema-parts';
import { testingStreamIdPatterns } from './streams';
import { testRoundContract } from './test-round-contract';

export const POSITIVE_TEST_RESULT_REPORTED = 'PositiveTestResultReported';

/**
 * A student tested positive in a round: what isolation care acts on. Carries where the
 * student lives (room path: roommates and floor are the close contacts) and their class
 * (their counsellor follows up), as the round knew them when the sample was taken.
 */
export interface PositiveTestResultReportedV1 {
  roundId: string;
  date: string;
  studentNumber: string;
  name: string;
  classCode: string;
  classPath: string[];
  roomCode: string;
  roomPath: string[];
  groupId: string;
  attempt: number;
  sampledAt: string;
  reportedAt: string;
}
export type PositiveTestResultReported = PositiveTestResultReportedV1;

export const positiveTestResultReportedV1Schema = {
  $schema: dialect,
  $id: 'urn:bulwark:schema:reporting:PositiveTestResultReported:v1',
  title: 'PositiveTestResultReported v1',
  type: 'object',
  additionalProperties: false,
  required: [
    'roundId',
    'date',
    'studentNumber',
    'name',
    'classCode',
    'classPath',
    'roomCode',
    'roomPath',
    'groupId',
    'attempt',
    'sampledAt',
    'reportedAt',
  ],
  properties: {
    roundId,
    date,
    studentNumber,
    name: personName,
    classCode: unitCode,
    classPath,
    roomCode: unitCode,
    roomPath,
    groupId,
    attempt: { type: 'integer', minimum: 1 },
    sampledAt: instant,
    reportedAt: instant,
  },
} as const;

export const positiveTestResultReportedV1 = testRoundContract(
  POSITIVE_TEST_RESULT_REPORTED,
  1,
  testingStreamIdPatterns.round,
  positiveTestResultReportedV1Schema,
);
