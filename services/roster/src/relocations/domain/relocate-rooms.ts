import {
  roomPurposes,
  rosterStreamId,
  rosterTextLimits,
  type RoomMove,
  type RoomPurpose,
} from '@bulwark/contracts';
import {
  DecisionDraft,
  mismatch,
  Rejection,
  requireFormat,
  requireOneOf,
  requireText,
} from '@bulwark/decider';
import { rosterEvent, type RosterDecision, type RosterNewEvent } from '../../roster-events';
import { formats } from '../../roster-formats';
import { isRoom, type Room, type UnitState } from '../../units/domain/unit-state';
import { checkMoves, checkRooms } from './relocation-checks';
import type { RelocationState } from './relocation-state';

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
): RosterDecision {
  const relocationId = requireFormat(command.relocationId, formats.relocationId, 'relocationId');
  const reason = requireText(command.reason, 'reason', rosterTextLimits.reason);
  const freedFor = requireOneOf(command.freedFor, roomPurposes, 'freedFor');
  if (!Array.isArray(command.moves) || command.moves.length === 0) {
    throw Rejection.invalid('moves', 'a relocation needs at least one move');
  }
  if (states.relocation.relocationId !== relocationId) {
    throw mismatch('relocation', relocationId, states.relocation.relocationId);
  }

  const sourceIndex = checkMoves(command.moves);

  if (states.relocation.status === 'completed') {
    throw Rejection.conflict(
      'relocationId',
      `relocation ${relocationId} has already been carried out`,
      { relocationId },
    );
  }

  const rooms = checkRooms(command.moves, states.rooms);
  const roomOf = (code: string): Room => {
    const room = rooms.get(code);
    if (!room) throw new Error(`room ${code} was not among the rooms checked`);
    return room;
  };

  // 3. Final occupancy: who stays (nobody in a source) plus everyone moving in.
  const finalOccupancy = new Map<string, number>();
  for (const [code, room] of rooms) {
    finalOccupancy.set(code, sourceIndex.has(code) ? 0 : room.room.occupants.size);
  }
  for (const move of command.moves) {
    const incoming = roomOf(move.fromRoomCode).room.occupants.size;
    finalOccupancy.set(move.toRoomCode, (finalOccupancy.get(move.toRoomCode) ?? 0) + incoming);
  }
  const overfull: { roomCode: string; occupancy: number; capacity: number }[] = [];
  for (const [code, occupancy] of finalOccupancy) {
    const capacity = roomOf(code).room.capacity;
    if (occupancy > capacity) overfull.push({ roomCode: code, occupancy, capacity });
  }
  if (overfull.length > 0) {
    const list = overfull.map((o) => `${o.roomCode} (${o.occupancy}/${o.capacity})`).join(', ');
    throw Rejection.conflict(
      'moves',
      `${overfull.length} target room(s) would be overfull: ${list}`,
      { overfull },
    );
  }

  // 4. Emit: the relocation, then per room its frees before its allocations, then per student.
  const draft = new DecisionDraft<RosterNewEvent>();
  const moves: RoomMove[] = command.moves.map((move) => ({
    fromRoomCode: move.fromRoomCode,
    toRoomCode: move.toRoomCode,
    studentNumbers: [...roomOf(move.fromRoomCode).room.occupants],
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
    const target = roomOf(move.toRoomCode);
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
