import { Rejection } from '@bulwark/decider';
import { formats } from '../../roster-formats';
import { isRoom, type Room, type UnitState } from '../../units/domain/unit-state';
import type { RoomMoveOrder } from './relocate-rooms';

/** One problem with one move; a relocation lists them all so the office fixes its plan once. */
export interface MoveProblem {
  field: string;
  roomCode: string;
  reason: string;
}

function rejectAll(
  problems: MoveProblem[],
  reject: (field: string, message: string, details: Record<string, unknown>) => Rejection,
  summary: string,
): void {
  const [first, ...others] = problems;
  if (first === undefined) return;
  if (others.length === 0) throw reject(first.field, first.reason, { problems });
  const reasons = problems.map((p) => p.reason).join('; ');
  throw reject('moves', `${problems.length} ${summary}: ${reasons}`, { problems });
}

/**
 * The plan itself: formats, no self-moves, no room emptied twice. Returns where each source
 * room is emptied (its move's index).
 */
export function checkMoves(moves: readonly RoomMoveOrder[]): Map<string, number> {
  const invalid: MoveProblem[] = [];
  const sourceIndex = new Map<string, number>();
  moves.forEach((move, i) => {
    const from = `moves[${i}].fromRoomCode`;
    const to = `moves[${i}].toRoomCode`;
    // The moves come from outside: an entry may be missing or malformed until checked.
    const fromOk =
      typeof move?.fromRoomCode === 'string' && formats.unitCode.test(move.fromRoomCode);
    const toOk = typeof move?.toRoomCode === 'string' && formats.unitCode.test(move.toRoomCode);
    if (!fromOk) {
      invalid.push({
        field: from,
        roomCode: String(move?.fromRoomCode),
        reason: `${from} is not a unit code`,
      });
    }
    if (!toOk) {
      invalid.push({
        field: to,
        roomCode: String(move?.toRoomCode),
        reason: `${to} is not a unit code`,
      });
    }
    if (!fromOk || !toOk) return;
    if (move.fromRoomCode === move.toRoomCode) {
      invalid.push({
        field: to,
        roomCode: move.toRoomCode,
        reason: `${to} moves room ${move.toRoomCode} into itself`,
      });
    }
    const earlier = sourceIndex.get(move.fromRoomCode);
    if (earlier !== undefined) {
      invalid.push({
        field: from,
        roomCode: move.fromRoomCode,
        reason: `room ${move.fromRoomCode} is already emptied by moves[${earlier}]`,
      });
    } else {
      sourceIndex.set(move.fromRoomCode, i);
    }
  });
  rejectAll(invalid, Rejection.invalid, 'moves are invalid');
  return sourceIndex;
}

/**
 * The rooms as they are: every code a room, no target (or source) held in reserve. Returns
 * every room the moves name, by code.
 */
export function checkRooms(
  moves: readonly RoomMoveOrder[],
  states: ReadonlyMap<string, UnitState>,
): Map<string, Room> {
  const missing: MoveProblem[] = [];
  const notRooms: MoveProblem[] = [];
  const reserved: MoveProblem[] = [];
  const rooms = new Map<string, Room>();
  const seen = new Set<string>();
  moves.forEach((move, i) => {
    for (const [field, code] of [
      [`moves[${i}].fromRoomCode`, move.fromRoomCode],
      [`moves[${i}].toRoomCode`, move.toRoomCode],
    ] as const) {
      if (seen.has(code)) continue;
      seen.add(code);
      const unit = states.get(code);
      if (!unit || unit.status === 'absent') {
        missing.push({ field, roomCode: code, reason: `room ${code} does not exist` });
      } else if (!isRoom(unit)) {
        notRooms.push({ field, roomCode: code, reason: `${code} is a ${unit.level}, not a room` });
      } else {
        rooms.set(code, unit);
        if (unit.room.reservedFor !== null) {
          reserved.push({
            field,
            roomCode: code,
            reason: `room ${code} is reserved for ${unit.room.reservedFor}`,
          });
        }
      }
    }
  });
  rejectAll(missing, Rejection.invalid, 'rooms do not exist');
  rejectAll(notRooms, Rejection.invalid, 'codes are not rooms');
  rejectAll(reserved, Rejection.conflict, 'rooms are reserved');
  return rooms;
}
