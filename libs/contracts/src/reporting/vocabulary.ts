/**
 * Reporting's closed vocabularies and field formats, shared by the schemas and by the
 * reporting service's rules so both say the same thing.
 */

/** A reporting day in the university's time zone: `YYYY-MM-DD`. */
export const reportingDayPattern = '^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$';

/** Where the student is today. */
export const locationKinds = ['on-campus', 'off-campus', 'in-transit'] as const;
export type LocationKind = (typeof locationKinds)[number];

/**
 * The fixed list of symptoms a check-in may name. A fever is read from the temperature, not
 * ticked; no symptom at all is a "normal" health answer.
 */
export const symptoms = [
  'cough',
  'sore-throat',
  'shortness-of-breath',
  'fatigue',
  'muscle-ache',
  'headache',
  'chills',
  'runny-nose',
  'diarrhoea',
  'loss-of-taste-or-smell',
] as const;
export type Symptom = (typeof symptoms)[number];

/** Risk categories of DOMAIN.md: in a hard-hit area, transited one, contact with someone from one. */
export const exposureCategories = [
  'in-hard-hit-area',
  'transited-hard-hit-area',
  'contact-with-hard-hit-area',
  'none',
] as const;
export type ExposureCategory = (typeof exposureCategories)[number];

/** Why a check-in is abnormal (each one that applies). */
export const abnormalReasons = ['fever', 'symptoms', 'new-exposure'] as const;
export type AbnormalReason = (typeof abnormalReasons)[number];

/** Who filled the form: the student, or their counsellor on the student's behalf. */
export const submitterRoles = ['student', 'counsellor'] as const;
export type SubmitterRole = (typeof submitterRoles)[number];

/** A class report: the changes since the previous day, or an explicit zero report (零报告). */
export const classReportKinds = ['zero', 'changes'] as const;
export type ClassReportKind = (typeof classReportKinds)[number];

/** What changed for a student since the previous day. */
export const changeCategories = ['location', 'health', 'exposure', 'other'] as const;
export type ChangeCategory = (typeof changeCategories)[number];

/**
 * The steps of the daily report chain that carry a deadline (defaults 11:00 / 12:00 / 13:00):
 * class reports by the counsellors, first review by the deputy party secretary (the league
 * secretary compiles before it), submission by the party secretary.
 */
export const chainSteps = ['class-report', 'first-review', 'submission'] as const;
export type ChainStep = (typeof chainSteps)[number];

/** Which review sent a college report back. */
export const reviewSteps = ['first-review', 'second-review'] as const;
export type ReviewStep = (typeof reviewSteps)[number];

/** Where a college report of one day stands. */
export const collegeReportStatuses = [
  'open',
  'compiled',
  'approved',
  'submitted',
  'sent-back',
  'reopened',
] as const;
export type CollegeReportStatus = (typeof collegeReportStatuses)[number];

/** How a counsellor tried to reach a non-responder. */
export const followUpChannels = ['sms', 'phone', 'in-person'] as const;
export type FollowUpChannel = (typeof followUpChannels)[number];

/** How a follow-up closed the case: the student was reached, or their absence explained. */
export const followUpResolutions = ['reached', 'explained'] as const;
export type FollowUpResolution = (typeof followUpResolutions)[number];

/** Units a notice may be addressed to, on either line. */
export const noticeAudienceLevels = ['college', 'grade', 'class', 'community', 'building'] as const;
export type NoticeAudienceLevel = (typeof noticeAudienceLevels)[number];

export const reportingPatterns = {
  day: reportingDayPattern,
  actorId: '^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$',
  noticeId: '^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$',
} as const;

/** Longest free-text values, in Unicode code points. */
export const reportingTextLimits = {
  place: 50,
  reason: 500,
  description: 500,
  title: 200,
  body: 10_000,
  name: 100,
} as const;

/** Plausible body temperatures a form accepts, in °C; outside is a typo, not a fever. */
export const temperatureRangeC = { min: 34, max: 43 } as const;

/** Most changes one class report may list. */
export const maxChangesPerClassReport = 500;
