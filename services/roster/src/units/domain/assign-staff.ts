import { rosterTextLimits, staffRoles, type StaffRole } from '@bulwark/contracts';
import { mismatch, Rejection, requireFormat, requireOneOf, requireText } from '@bulwark/decider';
import { rosterEvent, type RosterNewEvent } from '../../roster-events';
import { formats } from '../../roster-formats';
import { levelOfRole } from './unit-levels';
import type { UnitState } from './unit-state';

/** A counsellor, building or floor head, or college secretary given a role over a unit. */
export interface AssignStaffToUnit {
  unitCode: string;
  staffId: string;
  staffName: string;
  role: StaffRole;
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
      { role, expectedLevel: level, unitLevel: unit.level },
    );
  }
  if (unit.staff.some((s) => s.staffId === staffId && s.role === role)) return [];
  return [rosterEvent('StaffAssignedToUnit', { unitCode, staffId, staffName, role })];
}
