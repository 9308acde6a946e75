import { rosterTextLimits, staffRoles } from '@bulwark/contracts';
import { Rejection } from '@bulwark/decider';
import { rosterEvent, type RosterNewEvent } from '../events';
import { formats, mismatch, requireFormat, requireOneOf, requireText } from '../fields';
import type { AssignStaffToUnit, CreateUnit } from './commands';
import { isAcademicLevel, isUnitLevel, levelOfRole, maxBedsPerRoom, parentLevelOf } from './levels';
import { isRoom, type Room, type UnitState } from './state';

function requireBedCapacity(command: CreateUnit): number | null {
  const beds = command.bedCapacity ?? null;
  if (command.level !== 'room') {
    if (beds !== null)
      throw Rejection.invalid('bedCapacity', `only rooms have beds, not a ${command.level}`);
    return null;
  }
  if (typeof beds !== 'number' || !Number.isInteger(beds) || beds < 1 || beds > maxBedsPerRoom) {
    throw Rejection.invalid(
      'bedCapacity',
      `a room needs 1 to ${maxBedsPerRoom} beds, got ${String(beds)}`,
    );
  }
  return beds;
}

/**
 * Creates an academic or residential unit under its parent, which must exist and sit exactly
 * one level up on the same line. `parent` is the folded `unit-<parentCode>` stream.
 */
export function decideCreateUnit(
  command: CreateUnit,
  states: { unit: UnitState; parent?: UnitState },
): RosterNewEvent[] {
  const code = requireFormat(command.code, formats.unitCode, 'code');
  const name = requireText(command.name, 'name', rosterTextLimits.name);
  if (!isUnitLevel(command.level)) {
    throw Rejection.invalid('level', `level must be a unit level, got ${String(command.level)}`);
  }
  const level = command.level;
  const bedCapacity = requireBedCapacity(command);
  if (states.unit.code !== code) throw mismatch('unit', code, states.unit.code);
  if (states.unit.status === 'created') {
    throw Rejection.conflict('code', `unit ${code} already exists`, {
      code,
      level: states.unit.level,
    });
  }

  const parentLevel = parentLevelOf(level);
  let parentCode: string | null = null;
  let path = [code];
  if (parentLevel === null) {
    if (command.parentCode != null) {
      throw Rejection.invalid('parentCode', `a ${level} is the top of its line and has no parent`);
    }
  } else {
    if (command.parentCode == null) {
      throw Rejection.invalid('parentCode', `a ${level} needs a parent ${parentLevel}`);
    }
    parentCode = requireFormat(command.parentCode, formats.unitCode, 'parentCode');
    const parent = states.parent;
    if (!parent || parent.status === 'absent') {
      throw Rejection.invalid('parentCode', `parent unit ${parentCode} does not exist`);
    }
    if (parent.code !== parentCode) throw mismatch('parent', parentCode, parent.code);
    if (parent.level !== parentLevel) {
      throw Rejection.invalid(
        'parentCode',
        `the parent of a ${level} must be a ${parentLevel}; ${parentCode} is a ${parent.level}`,
        { parentCode, parentLevel: parent.level, expectedLevel: parentLevel },
      );
    }
    path = [...parent.path, code];
  }

  if (isAcademicLevel(level)) {
    return [rosterEvent('AcademicUnitCreated', { code, name, level, parentCode, path })];
  }
  return [
    rosterEvent('ResidentialUnitCreated', { code, name, level, parentCode, path, bedCapacity }),
  ];
}

/**
 * Gives a staff member a role over a unit of the matching level. Repeating an assignment
 * changes nothing, so a re-sent request is harmless.
 */
export function decideAssignStaff(command: AssignStaffToUnit, unit: UnitState): RosterNewEvent[] {
  const unitCode = requireFormat(command.unitCode, formats.unitCode, 'unitCode');
  const staffId = requireFormat(command.staffId, formats.staffId, 'staffId');
  const staffName = requireText(command.staffName, 'staffName', rosterTextLimits.name);
  const role = requireOneOf(command.role, staffRoles, 'role');
  if (unit.code !== unitCode) throw mismatch('unit', unitCode, unit.code);
  if (unit.status === 'absent')
    throw Rejection.notFound('unitCode', `unit ${unitCode} does not exist`);
  const level = levelOfRole[role];
  if (unit.level !== level) {
    throw Rejection.invalid(
      'role',
      `a ${role} is assigned to a ${level}; ${unitCode} is a ${unit.level}`,
      {
        role,
        expectedLevel: level,
        unitLevel: unit.level,
      },
    );
  }
  if (unit.staff.some((s) => s.staffId === staffId && s.role === role)) return [];
  return [rosterEvent('StaffAssignedToUnit', { unitCode, staffId, staffName, role })];
}

/** The unit as a room, or the 404/400 a command naming it deserves. */
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
