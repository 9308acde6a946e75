import { rosterContract } from './roster-contract';
import { dialect, studentNumber, unitCode } from './schema-parts';
import { rosterStreamIdPatterns } from './streams';

export const BED_ALLOCATED = 'BedAllocated';

/** A student took a bed in a room (the room's side of an enrolment, move, return or relocation). */
export interface BedAllocatedV1 {
  roomCode: string;
  studentNumber: string;
}
export type BedAllocated = BedAllocatedV1;

export const bedAllocatedV1Schema = {
  $schema: dialect,
  $id: 'urn:bulwark:schema:roster:BedAllocated:v1',
  title: 'BedAllocated v1',
  type: 'object',
  additionalProperties: false,
  required: ['roomCode', 'studentNumber'],
  properties: { roomCode: unitCode, studentNumber },
} as const;

export const bedAllocatedV1 = rosterContract(
  BED_ALLOCATED,
  1,
  rosterStreamIdPatterns.unit,
  bedAllocatedV1Schema,
);
