import type { StaffRole, UnitLevel } from '@bulwark/contracts';

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

export interface AssignStaffToUnit {
  unitCode: string;
  staffId: string;
  staffName: string;
  role: StaffRole;
}
