import {
  academicLevels,
  type AcademicLevel,
  residentialLevels,
  type StaffRole,
  type UnitLevel,
} from '@bulwark/contracts';

/** The two hierarchies over the same students. */
export type UnitLine = 'academic' | 'residential';

const levels: readonly UnitLevel[] = [...academicLevels, ...residentialLevels];

export function isUnitLevel(value: unknown): value is UnitLevel {
  return levels.some((level) => level === value);
}

export function isAcademicLevel(level: UnitLevel): level is AcademicLevel {
  return academicLevels.some((academic) => academic === level);
}

export function lineOf(level: UnitLevel): UnitLine {
  return isAcademicLevel(level) ? 'academic' : 'residential';
}

/** The level exactly one up on the same line; null for the roots (university, campus). */
export function parentLevelOf(level: UnitLevel): UnitLevel | null {
  const line: readonly UnitLevel[] =
    lineOf(level) === 'academic' ? academicLevels : residentialLevels;
  return line[line.indexOf(level) - 1] ?? null;
}

/** Where each role sits: counsellors and heads on their unit, the college's three officers on the college. */
export const levelOfRole: { readonly [R in StaffRole]: UnitLevel } = {
  'class-counsellor': 'class',
  'community-counsellor': 'community',
  'building-head': 'building',
  'floor-head': 'floor',
  'league-secretary': 'college',
  'deputy-party-secretary': 'college',
  'party-secretary': 'college',
};

/**
 * Roles a unit has one holder of: a class has its counsellor, a community its counsellor, a
 * college one league secretary, one deputy and one party secretary (DOMAIN: "one per
 * college"). Assigning another holder replaces the one before. A building or a floor may have
 * several heads (staff and student cadres).
 */
export const singleHolderRoles: ReadonlySet<StaffRole> = new Set<StaffRole>([
  'class-counsellor',
  'community-counsellor',
  'league-secretary',
  'deputy-party-secretary',
  'party-secretary',
]);

/** Beds in one room: more than 16 is a data-entry error, not a dorm. */
export const maxBedsPerRoom = 16;
