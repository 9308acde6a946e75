import { rosterContract } from './roster-contract';
import { dialect, relocationId, studentNumber, unitCode } from './schema-parts';
import { rosterStreamIdPatterns } from './streams';
import { roomPurposes, rosterTextLimits, type RoomPurpose } from './vocabulary';

export const ROOMS_RELOCATED = 'RoomsRelocated';

export interface RoomMove {
  fromRoomCode: string;
  toRoomCode: string;
  /** Everyone who lived in the source room and now lives in the target. */
  studentNumbers: string[];
}

/**
 * An emergency relocation of whole rooms, applied all at once (e.g. 200+ rooms emptied for
 * logistics staff or the isolation reserve). The per-room and per-student events that
 * carry it out share its `relocationId`.
 */
export interface RoomsRelocatedV1 {
  relocationId: string;
  reason: string;
  moves: RoomMove[];
  freedFor: RoomPurpose;
}
export type RoomsRelocated = RoomsRelocatedV1;

export const roomsRelocatedV1Schema = {
  $schema: dialect,
  $id: 'urn:bulwark:schema:roster:RoomsRelocated:v1',
  title: 'RoomsRelocated v1',
  type: 'object',
  additionalProperties: false,
  required: ['relocationId', 'reason', 'moves', 'freedFor'],
  properties: {
    relocationId,
    reason: { type: 'string', minLength: 1, maxLength: rosterTextLimits.reason },
    moves: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['fromRoomCode', 'toRoomCode', 'studentNumbers'],
        properties: {
          fromRoomCode: unitCode,
          toRoomCode: unitCode,
          studentNumbers: { type: 'array', items: studentNumber, uniqueItems: true },
        },
      },
    },
    freedFor: { enum: roomPurposes },
  },
} as const;

export const roomsRelocatedV1 = rosterContract(
  ROOMS_RELOCATED,
  1,
  rosterStreamIdPatterns.relocation,
  roomsRelocatedV1Schema,
);
