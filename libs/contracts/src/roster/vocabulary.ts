/**
 * The roster's closed vocabularies and field formats, shared by the schemas and by the
 * roster service's rules so both say the same thing.
 */

/** Academic line, top down: university > college (二级学院) > grade > class. */
export const academicLevels = ['university', 'college', 'grade', 'class'] as const;
export type AcademicLevel = (typeof academicLevels)[number];

/** Residential line, top down: campus > apartment community (公寓社区) > building > floor > room. */
export const residentialLevels = ['campus', 'community', 'building', 'floor', 'room'] as const;
export type ResidentialLevel = (typeof residentialLevels)[number];

export type UnitLevel = AcademicLevel | ResidentialLevel;

export const staffRoles = [
  'class-counsellor',
  'community-counsellor',
  'building-head',
  'floor-head',
  'league-secretary',
  'deputy-party-secretary',
  'party-secretary',
] as const;
export type StaffRole = (typeof staffRoles)[number];

export const studentTypes = [
  'undergraduate',
  'master',
  'phd',
  'full-time-mba',
  'part-time-mba',
] as const;
export type StudentType = (typeof studentTypes)[number];

export const genders = ['female', 'male'] as const;
export type Gender = (typeof genders)[number];

/** What a room emptied by a relocation is kept for. */
export const roomPurposes = ['isolation-reserve', 'logistics-staff', 'other'] as const;
export type RoomPurpose = (typeof roomPurposes)[number];

/** Field formats as JSON Schema patterns (ECMA-262 syntax, so `new RegExp(p)` reads them too). */
export const rosterPatterns = {
  unitCode: '^[a-z0-9][a-z0-9-]{0,63}$',
  studentNumber: '^[A-Za-z0-9-]{1,32}$',
  phone: '^\\+?[0-9 -]{5,20}$',
  staffId: '^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$',
  relocationId: '^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$',
} as const;

/** Longest free-text values, in Unicode code points (what JSON Schema's maxLength counts). */
export const rosterTextLimits = {
  name: 100,
  ethnicity: 50,
  place: 50,
  reason: 500,
} as const;
