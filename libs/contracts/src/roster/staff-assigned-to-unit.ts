import { rosterContract } from './roster-contract';
import { dialect, personName, unitCode } from './schema-parts';
import { rosterStreamIdPatterns } from './streams';
import { rosterPatterns, staffRoles, type StaffRole } from './vocabulary';

export const STAFF_ASSIGNED_TO_UNIT = 'StaffAssignedToUnit';

/**
 * A staff member took a role over a unit: class counsellor over a class, community counsellor
 * over a community, building/floor head over a building/floor, league secretary and the
 * (deputy) party secretary over a college. Auth scopes and report chains are built from these.
 */
export interface StaffAssignedToUnitV1 {
  unitCode: string;
  staffId: string;
  staffName: string;
  role: StaffRole;
}
export type StaffAssignedToUnit = StaffAssignedToUnitV1;

export const staffAssignedToUnitV1Schema = {
  $schema: dialect,
  $id: 'urn:bulwark:schema:roster:StaffAssignedToUnit:v1',
  title: 'StaffAssignedToUnit v1',
  type: 'object',
  additionalProperties: false,
  required: ['unitCode', 'staffId', 'staffName', 'role'],
  properties: {
    unitCode,
    staffId: { type: 'string', pattern: rosterPatterns.staffId },
    staffName: personName,
    role: { enum: staffRoles },
  },
} as const;

export const staffAssignedToUnitV1 = rosterContract(
  STAFF_ASSIGNED_TO_UNIT,
  1,
  rosterStreamIdPatterns.unit,
  staffAssignedToUnitV1Schema,
);
