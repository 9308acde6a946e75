import { staffRoles, type StaffRole } from '@bulwark/contracts';
import { mismatch, Rejection, requireFormat, requireOneOf } from '@bulwark/decider';
import { rosterEvent, type RosterNewEvent } from '../../roster-events';
import { formats } from '../../roster-formats';
import type { UnitState } from './unit-state';

/** Takes a role over a unit away from a staff member; without a role, every role they hold there. */
export interface UnassignStaffFromUnit {
  unitCode: string;
  staffId: string;
  role?: StaffRole | undefined;
}

/**
 * Ends a staff member's assignment to a unit, one event per role ended. Someone who holds no
 * role there (or not the role named) is a 404 naming the field, so a mistyped id never passes
 * for done; a re-sent request is answered by its Idempotency-Key.
 */
export function decideUnassignStaff(
  command: UnassignStaffFromUnit,
  unit: UnitState,
): RosterNewEvent<'StaffUnassignedFromUnit'>[] {
  const unitCode = requireFormat(command.unitCode, formats.unitCode, 'unitCode');
  const staffId = requireFormat(command.staffId, formats.staffId, 'staffId');
  const role =
    command.role === undefined ? undefined : requireOneOf(command.role, staffRoles, 'role');
  if (unit.code !== unitCode) throw mismatch('unit', unitCode, unit.code);
  if (unit.status === 'absent')
    throw Rejection.notFound('unitCode', `unit ${unitCode} does not exist`);
  const held = unit.staff.filter((s) => s.staffId === staffId);
  if (held.length === 0)
    throw Rejection.notFound('staffId', `${staffId} holds no role over ${unitCode}`, {
      unitCode,
      staffId,
    });
  let ending = held;
  if (role !== undefined) {
    ending = held.filter((s) => s.role === role);
    if (ending.length === 0)
      throw Rejection.notFound('role', `${staffId} is not ${role} of ${unitCode}`, {
        unitCode,
        staffId,
        roles: held.map((s) => s.role),
      });
  }
  return ending.map((s) =>
    rosterEvent('StaffUnassignedFromUnit', { unitCode, staffId, role: s.role, replacedBy: null }),
  );
}
