/**
 * The daily report chain (003), read from reporting's events by reporting's own event names
 * (from @bulwark/contracts). Changing a rule here changes the view's SQL: rebuild it afterwards
 * (`audit replay --view report_chain`); the log itself never changes.
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

export type ReportStep =
  'filed' | 'compiled' | 'approved' | 'sent-back' | 'reopened' | 'submitted' | 'deadline-missed';

export interface ReportStepRule {
  step: ReportStep;
  /** The event type (context `reporting`) that is this step. */
  type: string;
  /** Local time on the report day by which the step is due (null: no deadline). */
  deadline: string | null;
}

/**
 * Class counsellors file by 11:00 (a zero report counts), the league secretary compiles and
 * the deputy party secretary approves (first review) by 12:00, the party secretary submits to
 * the prevention office by 13:00; a review may send the report back, and a submitted report
 * may be reopened. A step is late when reporting says so (`lateByMinutes` > 0), else when it
 * happened after its deadline on the campus clock; a DeadlineMissed is a late step of its own.
 */
export const reportStepRules: readonly ReportStepRule[] = [
  { step: 'filed', type: CLASS_REPORT_FILED, deadline: '11:00' },
  { step: 'compiled', type: COLLEGE_REPORT_COMPILED, deadline: '12:00' },
  { step: 'approved', type: COLLEGE_REPORT_APPROVED, deadline: '12:00' },
  { step: 'sent-back', type: COLLEGE_REPORT_SENT_BACK, deadline: null },
  { step: 'reopened', type: COLLEGE_REPORT_REOPENED, deadline: null },
  { step: 'submitted', type: COLLEGE_REPORT_SUBMITTED, deadline: '13:00' },
  { step: 'deadline-missed', type: DEADLINE_MISSED, deadline: null },
];
