import { rosterContract } from './roster-contract';
import { dialect, studentNumber, unitCode } from './schema-parts';
import { rosterStreamIdPatterns } from './streams';

export const BED_FREED = 'BedFreed';

/** A student's bed in a room became free (moved, relocated or left campus). */
export interface BedFreedV1 {
  roomCode: string;
  studentNumber: string;
}
export type BedFreed = BedFreedV1;

export const bedFreedV1Schema = {
  $schema: dialect,
  $id: 'urn:bulwark:schema:roster:BedFreed:v1',
  title: 'BedFreed v1',
  type: 'object',
  additionalProperties: false,
  required: ['roomCode', 'studentNumber'],
  properties: { roomCode: unitCode, studentNumber },
} as const;

export const bedFreedV1 = rosterContract(
  BED_FREED,
  1,
  rosterStreamIdPatterns.unit,
  bedFreedV1Schema,
);
