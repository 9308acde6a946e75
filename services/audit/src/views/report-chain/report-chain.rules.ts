/**
 * The daily report chain (003), read from reporting's events by reporting's own event names
 * (from @bulwark/contracts). Changing a rule here changes the view's facts: bump the view's
 * `revision` (report-chain.projection.ts) so deployments rebuild it; the log never changes.
 */
import {
  CLASS_REPORT_FILED,
  COLLEGE_REPORT_APPROVED,
  COLLEGE_REPORT_COMPILED,
  COLLEGE_REPORT_REOPENED,
  COLLEGE_REPORT_SENT_BACK,
  COLLEGE_REPORT_SUBMITTED,
  DEADLINE_MISSED,
  type ChainStep,
} from '@bulwark/contracts';

export type ReportStep =
  'filed' | 'compiled' | 'approved' | 'sent-back' | 'reopened' | 'submitted' | 'deadline-missed';

export interface ReportStepRule {
  step: ReportStep;
  /** The event type (context `reporting`) that is this step. */
  type: string;
  /**
   * Which of reporting's deadlines the step answers to (its `ChainStep`); null when it has
   * none. A DeadlineMissed says which step it was itself (`step`).
   */
  chainStep: ChainStep | null;
}

/**
 * Class counsellors file (a zero report counts) by the class-report deadline, the league
 * secretary compiles and the deputy party secretary approves by the first-review deadline, the
 * party secretary submits to the prevention office by the submission deadline; a review may
 * send the report back, and a submitted report may be reopened. The deadlines are reporting's
 * (`REPORT_DEADLINES`), never copied here: a step is late when reporting says so
 * (`lateByMinutes` > 0, or a DeadlineMissed of its own), and a step's due time is the
 * `deadline` a DeadlineMissed of that step carries, or unknown (null) when none was missed.
 */
export const reportStepRules: readonly ReportStepRule[] = [
  { step: 'filed', type: CLASS_REPORT_FILED, chainStep: 'class-report' },
  { step: 'compiled', type: COLLEGE_REPORT_COMPILED, chainStep: 'first-review' },
  { step: 'approved', type: COLLEGE_REPORT_APPROVED, chainStep: 'first-review' },
  { step: 'sent-back', type: COLLEGE_REPORT_SENT_BACK, chainStep: null },
  { step: 'reopened', type: COLLEGE_REPORT_REOPENED, chainStep: null },
  { step: 'submitted', type: COLLEGE_REPORT_SUBMITTED, chainStep: 'submission' },
  { step: 'deadline-missed', type: DEADLINE_MISSED, chainStep: null },
];
