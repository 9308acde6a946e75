/**
 * Who may do what, in the office's own words. A token naming a role outside this
 * list is rejected outright: an unknown role is more likely a typo or a forged
 * claim than a new job nobody told the services about.
 */
export const ROLES = [
  /** The student-affairs office: manages the roster within its scope. */
  'student-affairs',
  /** Class or community counsellor: daily reports, follow-ups, test rounds. */
  'counsellor',
  /** College league secretary: aggregates the counsellors' reports. */
  'league-secretary',
  /** Deputy party secretary: first review of the college report. */
  'deputy-party-secretary',
  /** Party secretary: second review, submits to the prevention office. */
  'party-secretary',
  /** University prevention office: receives every college's report. */
  'prevention-office',
  /** Canteen and logistics: meals, halal window, supplies. */
  'canteen',
  'volunteer',
  'student',
  /** Inspection / discipline office: replays what happened and who did it. */
  'auditor',
  /** Operators of the system itself. */
  'ops',
] as const;

export type Role = (typeof ROLES)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}
