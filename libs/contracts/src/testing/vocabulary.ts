/**
 * The closed vocabularies and field formats of mass nucleic-acid testing rounds and the
 * dual-line check (双线排查). The events belong to the reporting context (subjects
 * `bulwark.reporting.<EventType>`, JetStream stream `REPORTING`); they live in their own
 * folder because a round is an aggregate of its own.
 */

/** Why a student of a group was not sampled. */
export const absenceReasons = ['isolated', 'off-campus', 'ill', 'exempt'] as const;
export type AbsenceReason = (typeof absenceReasons)[number];

/** What the laboratory says of one sample; `invalid` means: sample the student again. */
export const testResults = ['negative', 'positive', 'invalid'] as const;
export type TestResult = (typeof testResults)[number];

/**
 * How the two lines disagree about one student: counted by their class only, by a dorm
 * building only, or by two dorm buildings (a student who moved rooms is often counted twice).
 */
export const discrepancyKinds = ['class-line-only', 'dorm-line-only', 'counted-twice'] as const;
export type DiscrepancyKind = (typeof discrepancyKinds)[number];

/** Why a discrepancy is settled. */
export const discrepancyResolutionReasons = [
  'moved-room',
  'off-campus',
  'counted-twice',
  'error-corrected',
] as const;
export type DiscrepancyResolutionReason = (typeof discrepancyResolutionReasons)[number];

/**
 * Who settled a discrepancy: a counsellor with a reason, or a later reconciliation that no
 * longer finds it because a tally was corrected (reason `error-corrected`).
 */
export const resolutionSources = ['counsellor', 'reconciliation'] as const;
export type ResolutionSource = (typeof resolutionSources)[number];

export const testingPatterns = {
  roundId: '^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$',
  /** `<community>-g<nnn>`: unit-code characters. */
  groupId: '^[a-z0-9][a-z0-9-]{0,79}$',
  /** A wall-clock start `HH:MM` on the round's date. */
  startTime: '^([01][0-9]|2[0-3]):[0-5][0-9]$',
  /** A wall-clock `HH:MM` on the round's date; a group may end at 24:00 sharp. */
  clockTime: '^(([01][0-9]|2[0-3]):[0-5][0-9]|24:00)$',
  /** `<kind>:<studentNumber>`. */
  discrepancyId: '^(class-line-only|dorm-line-only|counted-twice):[A-Za-z0-9-]{1,32}$',
} as const;

/** Sizes and lengths (text in Unicode code points). */
export const testingLimits = {
  maxGroupSize: 200,
  maxRoutesPerCommunity: 100,
  routeName: 100,
  leaderName: 100,
  reason: 500,
  note: 500,
  /** A tally lists at most this many students (a class, or a whole building). */
  maxTallyStudents: 20_000,
  /** Longest interval or slot, in minutes. */
  maxMinutes: 24 * 60,
} as const;
