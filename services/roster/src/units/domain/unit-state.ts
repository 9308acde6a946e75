import type { AcademicLevel, ResidentialLevel, RoomPurpose, StaffRole } from '@bulwark/contracts';

/** Stream `unit-<code>` before its first event. */
export interface AbsentUnit {
  readonly status: 'absent';
  readonly code: string;
}

export interface StaffAssignment {
  readonly staffId: string;
  readonly staffName: string;
  readonly role: StaffRole;
}

interface CreatedUnit {
  readonly status: 'created';
  readonly code: string;
  readonly name: string;
  readonly parentCode: string | null;
  /** Codes from the root of the line down to this unit. */
  readonly path: readonly string[];
  readonly staff: readonly StaffAssignment[];
}

export interface AcademicUnit extends CreatedUnit {
  readonly line: 'academic';
  readonly level: AcademicLevel;
}

/** Who sleeps in a room. Kept on the room's own stream so two moves into one room conflict. */
export interface RoomOccupancy {
  readonly capacity: number;
  readonly occupants: ReadonlySet<string>;
  /** Set once a relocation emptied the room for a purpose: it takes no students. */
  readonly reservedFor: RoomPurpose | null;
  readonly reservedBy: string | null;
}

export interface ResidentialUnit extends CreatedUnit {
  readonly line: 'residential';
  readonly level: ResidentialLevel;
  /** Only rooms have beds. */
  readonly room: RoomOccupancy | null;
}

export type UnitState = AbsentUnit | AcademicUnit | ResidentialUnit;

export type Room = ResidentialUnit & { readonly level: 'room'; readonly room: RoomOccupancy };

export function initialUnitState(code: string): UnitState {
  return { status: 'absent', code };
}

export function isRoom(unit: UnitState): unit is Room {
  return unit.status === 'created' && unit.line === 'residential' && unit.room !== null;
}
