import { reportingTextLimits } from '@bulwark/contracts';
import { Rejection } from '@bulwark/decider';
import { reportingEvent, type ReportingNewEvent } from '../../rules/domain/events';
import { requireText } from '../../rules/domain/formats';
import type { ReopenCollegeReport } from './commands';
import { requireReportDay } from './guards';
import type { CollegeReportState } from './state';

/**
 * Reopens a compiled, approved or submitted college report, with a reason, so that it can be
 * changed. It then goes through the whole chain again: class reports may be filed again, and
 * it must be compiled, approved and submitted anew.
 */
export function decideReopenCollegeReport(
  command: ReopenCollegeReport,
  { report, today }: { report: CollegeReportState; today: string },
): ReportingNewEvent[] {
  const day = requireReportDay(command, report, today);
  const reason = requireText(command.reason, 'reason', reportingTextLimits.reason);
  const previousStatus = report.status;
  if (
    previousStatus !== 'compiled' &&
    previousStatus !== 'approved' &&
    previousStatus !== 'submitted'
  ) {
    throw Rejection.conflict(
      null,
      `the college report of ${command.collegeCode} for ${day} is ${previousStatus}: there is nothing to reopen`,
      { status: previousStatus },
    );
  }
  return [
    reportingEvent('CollegeReportReopened', {
      day,
      collegeCode: command.collegeCode,
      reason,
      reopenedBy: command.reopenedBy,
      previousStatus,
      pass: report.pass + 1,
    }),
  ];
}
