/**
 * Which events feed which audit view, in the office's words. Matching is by event type name
 * (the part of the CloudEvents type between context and version) and by data field names,
 * so a context's new event types or versions feed the views without a code change as long as
 * they keep these names. Changing a rule here changes the views' SQL: rebuild the affected
 * views afterwards (`audit replay --view <name>`), the log itself never changes.
 */

/** Deadlines are read on the campus clock. */
export const CAMPUS_TIME_ZONE = 'Asia/Shanghai';

export type ReportStep = 'filed' | 'compiled' | 'approved' | 'sent-back' | 'submitted';

export interface ReportStepRule {
  step: ReportStep;
  /** Event type names (context `reporting`) matching this regular expression are this step. */
  typePattern: string;
  /** Local time on the report day by which the step is due (null: no deadline). */
  deadline: string | null;
}

/**
 * The daily report chain (003): class counsellors file by 11:00 (a zero report counts), the
 * league secretary compiles, the deputy party secretary approves (first review) by 12:00, the
 * party secretary approves again and submits to the prevention office by 13:00. Any reviewer
 * may send the report back. A second-review approval (`data.review` = 'second') is due by
 * 13:00. First matching rule wins.
 */
export const reportStepRules: readonly ReportStepRule[] = [
  { step: 'sent-back', typePattern: '(SentBack|Returned|Rejected)$', deadline: null },
  { step: 'submitted', typePattern: 'Submitted$', deadline: '13:00' },
  { step: 'approved', typePattern: '(Approved|Reviewed)$', deadline: '12:00' },
  { step: 'compiled', typePattern: '(Compiled|Aggregated)$', deadline: '12:00' },
  { step: 'filed', typePattern: '(Filed|ZeroReport|Sent)$', deadline: '11:00' },
];
export const SECOND_REVIEW_DEADLINE = '13:00';

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
