import { rosterContract } from './roster-contract';
import { dialect, nullableRelocationId, unitCode } from './schema-parts';
import { rosterStreamIdPatterns } from './streams';
import { roomPurposes, type RoomPurpose } from './vocabulary';

export const ROOM_RESERVED = 'RoomReserved';

/** An empty room is held for a purpose (isolation reserve, logistics staff) and takes no students. */
export interface RoomReservedV1 {
  roomCode: string;
  purpose: RoomPurpose;
  /** The relocation that emptied it, if any. */
  relocationId: string | null;
}
export type RoomReserved = RoomReservedV1;

export const roomReservedV1Schema = {
  $schema: dialect,
  $id: 'urn:bulwark:schema:roster:RoomReserved:v1',
  title: 'RoomReserved v1',
  type: 'object',
  additionalProperties: false,
  required: ['roomCode', 'purpose', 'relocationId'],
  properties: {
    roomCode: unitCode,
    purpose: { enum: roomPurposes },
    relocationId: nullableRelocationId,
  },
} as const;

export const roomReservedV1 = rosterContract(
  ROOM_RESERVED,
  1,
  rosterStreamIdPatterns.unit,
  roomReservedV1Schema,
);
