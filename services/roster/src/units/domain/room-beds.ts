import { Rejection } from '@bulwark/decider';
import { rosterEvent, type RosterNewEvent } from '../../roster-events';
import { isRoom, type Room, type UnitState } from './unit-state';

/**
 * Beds of a room, kept on the room's own stream: every command that takes or frees a bed
 * (enrol, move, leave, return, relocate) appends here with the version it read, so two
 * commands after the last bed cannot both land.
 */

/** The unit as a room, or the 400 a command naming it deserves. */
export function requireRoom(unit: UnitState, field = 'roomCode'): Room {
  if (unit.status === 'absent') throw Rejection.invalid(field, `room ${unit.code} does not exist`);
  if (!isRoom(unit)) {
    throw Rejection.invalid(field, `${unit.code} is a ${unit.level}, not a room`, {
      roomCode: unit.code,
      level: unit.level,
    });
  }
  return unit;
}

/** The 409 for a full room: says who is in it so the office can pick another. */
export function roomFull(
  room: Room,
  field: string,
  occupancy = room.room.occupants.size,
): Rejection {
  const { capacity } = room.room;
  return Rejection.conflict(field, `room ${room.code} is full (${occupancy}/${capacity})`, {
    roomCode: room.code,
    occupancy,
    capacity,
    occupants: [...room.room.occupants],
  });
}

export function roomReserved(room: Room, field: string): Rejection {
  return Rejection.conflict(
    field,
    `room ${room.code} is reserved for ${room.room.reservedFor ?? 'another purpose'} and takes no students`,
    { roomCode: room.code, reservedFor: room.room.reservedFor, relocationId: room.room.reservedBy },
  );
}

/**
 * Gives a student a bed in a room. Already in it: nothing to do. `field` names the room in
 * the caller's command (`residence.roomCode` for an enrolment).
 */
export function decideAllocateBed(
  room: UnitState,
  studentNumber: string,
  field = 'roomCode',
): RosterNewEvent[] {
  const target = requireRoom(room, field);
  if (target.room.occupants.has(studentNumber)) return [];
  if (target.room.reservedFor !== null) throw roomReserved(target, field);
  if (target.room.occupants.size >= target.room.capacity) throw roomFull(target, field);
  return [rosterEvent('BedAllocated', { roomCode: target.code, studentNumber })];
}

/** Frees a student's bed; a student who is not in the room frees nothing. */
export function decideFreeBed(
  room: UnitState,
  studentNumber: string,
  field = 'roomCode',
): RosterNewEvent[] {
  const source = requireRoom(room, field);
  if (!source.room.occupants.has(studentNumber)) return [];
  return [rosterEvent('BedFreed', { roomCode: source.code, studentNumber })];
}
