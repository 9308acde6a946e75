import { roomPurposes, rosterStreamId, rosterTextLimits, type RoomMove } from '@bulwark/contracts';
import { Rejection } from '@bulwark/decider';
import { DecisionDraft, type Decision } from '../decision';
import { rosterEvent, type RosterNewEvent } from '../events';
import { formats, requireFormat, requireOneOf, requireText } from '../fields';
import { isRoom, type Room, type UnitState } from '../unit/state';
import type { RelocateRooms } from './commands';
import type { RelocationState } from './state';

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
  if (problems.length === 0) return;
  const field = problems.length === 1 ? problems[0].field : 'moves';
  const message =
    problems.length === 1
      ? problems[0].reason
      : `${problems.length} ${summary}: ${problems.map((p) => p.reason).join('; ')}`;
  throw reject(field, message, { problems });
}

/** Every room code a relocation names, sources and targets, each once: the streams to read. */
export function roomsInvolved(command: RelocateRooms): string[] {
  const codes = new Set<string>();
  for (const move of command.moves ?? []) {
    codes.add(move.fromRoomCode);
    codes.add(move.toRoomCode);
  }
  return [...codes];
}

/** Everyone a relocation moves, given the rooms as read: the student streams it writes to. */
export function studentsMoved(
  command: RelocateRooms,
  rooms: ReadonlyMap<string, UnitState>,
): string[] {
  const students: string[] = [];
  for (const move of command.moves ?? []) {
    const room = rooms.get(move.fromRoomCode);
    if (room && isRoom(room)) students.push(...room.room.occupants);
  }
  return students;
}

/**
 * Moves the occupants of every source room to its target, all or nothing. Everything is
 * checked before anything is emitted: rooms exist and are rooms, no room is a source twice,
 * no target is reserved, and no target ends above its capacity once every move is counted
 * (a target may itself be a source, as in A->B, B->C, or a swap A<->B). Sources that end empty
 * are reserved for `freedFor`. Linear in rooms plus students moved.
 */
export function decideRelocate(
  command: RelocateRooms,
  states: { relocation: RelocationState; rooms: ReadonlyMap<string, UnitState> },
): Decision {
  const relocationId = requireFormat(command.relocationId, formats.relocationId, 'relocationId');
  const reason = requireText(command.reason, 'reason', rosterTextLimits.reason);
  const freedFor = requireOneOf(command.freedFor, roomPurposes, 'freedFor');
  if (!Array.isArray(command.moves) || command.moves.length === 0) {
    throw Rejection.invalid('moves', 'a relocation needs at least one move');
  }
  if (states.relocation.relocationId !== relocationId) {
    throw new Error(
      `relocation state is for ${states.relocation.relocationId}, the command names ${relocationId}`,
    );
  }

  // 1. The plan itself: formats, no self-moves, no room emptied twice.
  const invalid: MoveProblem[] = [];
  const sourceIndex = new Map<string, number>();
  command.moves.forEach((move, i) => {
    const from = `moves[${i}].fromRoomCode`;
    const to = `moves[${i}].toRoomCode`;
    const fromOk =
      typeof move?.fromRoomCode === 'string' && formats.unitCode.test(move.fromRoomCode);
    const toOk = typeof move?.toRoomCode === 'string' && formats.unitCode.test(move.toRoomCode);
    if (!fromOk)
      invalid.push({
        field: from,
        roomCode: String(move?.fromRoomCode),
        reason: `${from} is not a unit code`,
      });
    if (!toOk)
      invalid.push({
        field: to,
        roomCode: String(move?.toRoomCode),
        reason: `${to} is not a unit code`,
      });
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

  if (states.relocation.status === 'completed') {
    throw Rejection.conflict(
      'relocationId',
      `relocation ${relocationId} has already been carried out`,
      {
        relocationId,
      },
    );
  }

  // 2. The rooms as they are: every code a room, no target (or source) held in reserve.
  const missing: MoveProblem[] = [];
  const notRooms: MoveProblem[] = [];
  const reserved: MoveProblem[] = [];
  const rooms = new Map<string, Room>();
  const seen = new Set<string>();
  command.moves.forEach((move, i) => {
    for (const [field, code] of [
      [`moves[${i}].fromRoomCode`, move.fromRoomCode],
      [`moves[${i}].toRoomCode`, move.toRoomCode],
    ] as const) {
      if (seen.has(code)) continue;
      seen.add(code);
      const unit = states.rooms.get(code);
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

  // 3. Final occupancy: who stays (nobody in a source) plus everyone moving in.
  const finalOccupancy = new Map<string, number>();
  for (const [code, room] of rooms) {
    finalOccupancy.set(code, sourceIndex.has(code) ? 0 : room.room.occupants.size);
  }
  for (const move of command.moves) {
    const incoming = rooms.get(move.fromRoomCode)!.room.occupants.size;
    finalOccupancy.set(move.toRoomCode, finalOccupancy.get(move.toRoomCode)! + incoming);
  }
  const overfull: { roomCode: string; occupancy: number; capacity: number }[] = [];
  for (const [code, occupancy] of finalOccupancy) {
    const capacity = rooms.get(code)!.room.capacity;
    if (occupancy > capacity) overfull.push({ roomCode: code, occupancy, capacity });
  }
  if (overfull.length > 0) {
    const list = overfull.map((o) => `${o.roomCode} (${o.occupancy}/${o.capacity})`).join(', ');
    throw Rejection.conflict(
      'moves',
      `${overfull.length} target room(s) would be overfull: ${list}`,
      {
        overfull,
      },
    );
  }

  // 4. Emit: the relocation, then per room its frees before its allocations, then per student.
  const draft = new DecisionDraft();
  const moves: RoomMove[] = command.moves.map((move) => ({
    fromRoomCode: move.fromRoomCode,
    toRoomCode: move.toRoomCode,
    studentNumbers: [...rooms.get(move.fromRoomCode)!.room.occupants],
  }));
  draft.add(rosterStreamId.relocation(relocationId), [
    rosterEvent('RoomsRelocated', { relocationId, reason, moves, freedFor }),
  ]);
  // Per room: frees first, so a room never holds more than its beds mid-stream; then allocations.
  const roomEvents = new Map<
    string,
    { freed: RosterNewEvent[]; allocated: RosterNewEvent[]; reserved: RosterNewEvent[] }
  >();
  const eventsOfRoom = (code: string) => {
    let events = roomEvents.get(code);
    if (!events) roomEvents.set(code, (events = { freed: [], allocated: [], reserved: [] }));
    return events;
  };
  for (const move of moves) {
    const target = rooms.get(move.toRoomCode)!;
    for (const studentNumber of move.studentNumbers) {
      eventsOfRoom(move.fromRoomCode).freed.push(
        rosterEvent('BedFreed', { roomCode: move.fromRoomCode, studentNumber }),
      );
      eventsOfRoom(move.toRoomCode).allocated.push(
        rosterEvent('BedAllocated', { roomCode: move.toRoomCode, studentNumber }),
      );
      draft.add(rosterStreamId.student(studentNumber), [
        rosterEvent('StudentAssignedToRoom', {
          studentNumber,
          roomCode: move.toRoomCode,
          roomPath: [...target.path],
          previousRoomCode: move.fromRoomCode,
          relocationId,
        }),
      ]);
    }
  }
  for (const move of moves) {
    if (finalOccupancy.get(move.fromRoomCode) === 0) {
      eventsOfRoom(move.fromRoomCode).reserved.push(
        rosterEvent('RoomReserved', {
          roomCode: move.fromRoomCode,
          purpose: freedFor,
          relocationId,
        }),
      );
    }
  }
  for (const [code, events] of roomEvents) {
    draft.add(rosterStreamId.unit(code), [
      ...events.freed,
      ...events.allocated,
      ...events.reserved,
    ]);
  }
  return draft.decision();
}
