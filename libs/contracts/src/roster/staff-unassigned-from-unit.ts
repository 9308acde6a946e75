import { rosterContract } from './roster-contract';
import { dialect, unitCode } from './schema-parts';
import { rosterStreamIdPatterns } from './streams';
import { rosterPatterns, staffRoles, type StaffRole } from './vocabulary';

export const STAFF_UNASSIGNED_FROM_UNIT = 'StaffUnassignedFromUnit';

/**
 * A staff member no longer holds a role over a unit: removed, or replaced by the next holder
 * of a role a unit has one of (`replacedBy`, whose `StaffAssignedToUnit` follows in the same
 * commit). Whoever derives access or report chains from assignments drops this one.
 */
export interface StaffUnassignedFromUnitV1 {
  unitCode: string;
  staffId: string;
  role: StaffRole;
  /** The staff member who takes the role over in the same commit; null when simply removed. */
  replacedBy: string | null;
}
export type StaffUnassignedFromUnit = StaffUnassignedFromUnitV1;

export const staffUnassignedFromUnitV1Schema = {
  $schema: dialect,
  $id: 'urn:bulwark:schema:roster:StaffUnassignedFromUnit:v1',
  title: 'StaffUnassignedFromUnit v1',
  type: 'object',
  additionalProperties: false,
  required: ['unitCode', 'staffId', 'role', 'replacedBy'],
  properties: {
    unitCode,
    staffId: { type: 'string', pattern: rosterPatterns.staffId },
    role: { enum: staffRoles },
    replacedBy: { type: ['string', 'null'], pattern: rosterPatterns.staffId },
  },
} as const;

export const staffUnassignedFromUnitV1 = rosterContract(
  STAFF_UNASSIGNED_FROM_UNIT,
  1,
  rosterStreamIdPatterns.unit,
  staffUnassignedFromUnitV1Schema,
);
