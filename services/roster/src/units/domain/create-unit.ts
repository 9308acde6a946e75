import { rosterTextLimits, type UnitLevel } from '@bulwark/contracts';
import { mismatch, Rejection, requireFormat, requireText } from '@bulwark/decider';
import { rosterEvent, type RosterNewEvent } from '../../roster-events';
import { formats } from '../../roster-formats';
import { isAcademicLevel, isUnitLevel, maxBedsPerRoom, parentLevelOf } from './unit-levels';
import type { UnitState } from './unit-state';

/**
 * Creates a unit on either line; the level says which (university…class are academic,
 * campus…room residential). Parents come first: a class needs its grade, a room its floor.
 */
export interface CreateUnit {
  code: string;
  name: string;
  level: UnitLevel;
  /** null for a university or a campus. */
  parentCode: string | null;
  /** Rooms only: beds, 1..16. */
  bedCapacity?: number | null;
}

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
  states: { unit: UnitState; parent?: UnitState | undefined },
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
