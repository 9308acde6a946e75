import { rosterTextLimits, staffRoles, type StaffRole } from '@bulwark/contracts';
import { mismatch, Rejection, requireFormat, requireOneOf, requireText } from '@bulwark/decider';
import { rosterEvent, type RosterNewEvent } from '../../roster-events';
import { formats } from '../../roster-formats';
import { levelOfRole, singleHolderRoles } from './unit-levels';
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
 * changes nothing, so a re-sent request is harmless. A role the unit has one holder of
 * (`singleHolderRoles`) passes to the new holder: the previous one is unassigned in the same
 * commit, so no reader ever sees two counsellors of one class.
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
  const replaced = singleHolderRoles.has(role) ? unit.staff.filter((s) => s.role === role) : [];
  return [
    ...replaced.map((previous) =>
      rosterEvent('StaffUnassignedFromUnit', {
        unitCode,
        staffId: previous.staffId,
        role,
        replacedBy: staffId,
      }),
    ),
    rosterEvent('StaffAssignedToUnit', { unitCode, staffId, staffName, role }),
  ];
}
