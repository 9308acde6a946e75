import { rosterContract } from './roster-contract';
import {
  dialect,
  nullableRelocationId,
  nullableUnitCode,
  roomPath,
  studentNumber,
  unitCode,
} from './schema-parts';
import { rosterStreamIdPatterns } from './streams';

export const STUDENT_ASSIGNED_TO_ROOM = 'StudentAssignedToRoom';

/**
 * An on-campus student now lives in another room, moved one by one or by a relocation
 * (then `relocationId` names the RoomsRelocated it belongs to).
 */
export interface StudentAssignedToRoomV1 {
  studentNumber: string;
  roomCode: string;
  roomPath: string[];
  /** The room left; null when the student had none. */
  previousRoomCode: string | null;
  relocationId: string | null;
}
export type StudentAssignedToRoom = StudentAssignedToRoomV1;

export const studentAssignedToRoomV1Schema = {
  $schema: dialect,
  $id: 'urn:bulwark:schema:roster:StudentAssignedToRoom:v1',
  title: 'StudentAssignedToRoom v1',
  type: 'object',
  additionalProperties: false,
  required: ['studentNumber', 'roomCode', 'roomPath', 'previousRoomCode', 'relocationId'],
  properties: {
    studentNumber,
    roomCode: unitCode,
    roomPath,
    previousRoomCode: nullableUnitCode,
    relocationId: nullableRelocationId,
  },
} as const;

export const studentAssignedToRoomV1 = rosterContract(
  STUDENT_ASSIGNED_TO_ROOM,
  1,
  rosterStreamIdPatterns.student,
  studentAssignedToRoomV1Schema,
);
