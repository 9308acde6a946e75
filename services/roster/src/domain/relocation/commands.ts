import type { RoomPurpose } from '@bulwark/contracts';

/** Everyone in `fromRoomCode` moves to `toRoomCode`. */
export interface RoomMoveOrder {
  fromRoomCode: string;
  toRoomCode: string;
}

/**
 * The emergency relocation of many rooms at once (200+ in the 000 lockdown), to free rooms for
 * logistics staff or the isolation reserve. All moves happen or none does.
 */
export interface RelocateRooms {
  relocationId: string;
  reason: string;
  moves: RoomMoveOrder[];
  freedFor: RoomPurpose;
}
