/**
 * Which events feed which audit view, in the office's words. Matching is by event type name
 * (the part of the CloudEvents type between context and version) and by data field names,
 * so a context's new event types or versions feed the views without a code change as long as
 * they keep these names. Changing a rule here changes the views' SQL: rebuild the affected
 * views afterwards (`audit replay --view <name>`), the log itself never changes.
 */

import {
  CLASS_REPORT_FILED,
  COLLEGE_REPORT_APPROVED,
  COLLEGE_REPORT_COMPILED,
  COLLEGE_REPORT_REOPENED,
  COLLEGE_REPORT_SENT_BACK,
  COLLEGE_REPORT_SUBMITTED,
  DEADLINE_MISSED,
} from '@bulwark/contracts';

/** Deadlines are read on the campus clock. */
export const CAMPUS_TIME_ZONE = 'Asia/Shanghai';

export type ReportStep =
  'filed' | 'compiled' | 'approved' | 'sent-back' | 'reopened' | 'submitted' | 'deadline-missed';

export interface ReportStepRule {
  step: ReportStep;
  /** Event type names (context `reporting`) matching this regular expression are this step. */
  typePattern: string;
  /** Local time on the report day by which the step is due (null: no deadline). */
  deadline: string | null;
}

/**
 * The daily report chain (003), from reporting's events: class counsellors file by 11:00 (a
 * zero report counts), the league secretary compiles and the deputy party secretary approves
 * (first review) by 12:00, the party secretary submits to the prevention office by 13:00; a
 * review may send the report back, and a submitted report may be reopened. A step is late
 * when reporting says so (`lateByMinutes` > 0), else when it happened after its deadline on
 * the campus clock; a DeadlineMissed is a late step of its own. First matching rule wins.
 */
export const reportStepRules: readonly ReportStepRule[] = [
  { step: 'filed', typePattern: `^${CLASS_REPORT_FILED}$`, deadline: '11:00' },
  { step: 'compiled', typePattern: `^${COLLEGE_REPORT_COMPILED}$`, deadline: '12:00' },
  { step: 'approved', typePattern: `^${COLLEGE_REPORT_APPROVED}$`, deadline: '12:00' },
  { step: 'sent-back', typePattern: `^${COLLEGE_REPORT_SENT_BACK}$`, deadline: null },
  { step: 'reopened', typePattern: `^${COLLEGE_REPORT_REOPENED}$`, deadline: null },
  { step: 'submitted', typePattern: `^${COLLEGE_REPORT_SUBMITTED}$`, deadline: '13:00' },
  { step: 'deadline-missed', typePattern: `^${DEADLINE_MISSED}$`, deadline: null },
];

/** Isolation occupancy (000, 003): a stay starts (+1) and ends (-1), by kind of place. */
export const isolationRules = {
  context: 'isolation',
  startPattern: '(IsolationStarted|StudentIsolated|IsolationBegan)$',
  endPattern: '(IsolationEnded|IsolationLifted|StudentReleased|IsolationReleased)$',
} as const;

/** Meals brought to isolated students: delivered or failed. */
export const mealRules = {
  context: 'meals',
  deliveredPattern: 'Delivered$',
  failedPattern: '(DeliveryFailed|NotDelivered|DeliveryMissed)$',
} as const;

/** Volunteer service time: any volunteers event with a numeric `minutes` field. */
export const volunteerRules = { context: 'volunteers' } as const;
