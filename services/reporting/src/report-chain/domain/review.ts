import { reportingTextLimits } from '@bulwark/contracts';
import { Rejection } from '@bulwark/decider';
import { reportingEvent, type ReportingNewEvent } from '../../rules/domain/events';
import { requireText } from '../../rules/domain/formats';
import { minutesLate } from '../../rules/domain/reporting-day';
import { deadlineOf, type ReportingRules } from '../../rules/domain/rules';
import type { ApproveCollegeReport, SendBackCollegeReport, SubmitCollegeReport } from './commands';
import { requireReportDay } from './guards';
import type { CollegeReportState } from './state';

interface ReviewContext {
  report: CollegeReportState;
  now: Date;
  today: string;
  rules: ReportingRules;
}

function notReady(report: CollegeReportState, wanted: string, action: string): Rejection {
  return Rejection.conflict(
    null,
    `cannot ${action} the college report of ${report.collegeCode} for ${report.day}: it is ${report.status}, not ${wanted}`,
    { status: report.status },
  );
}

/** First review: the deputy party secretary approves the compiled report. */
export function decideApproveCollegeReport(
  command: ApproveCollegeReport,
  { report, now, today, rules }: ReviewContext,
): ReportingNewEvent[] {
  const day = requireReportDay(command, report, today);
  if (report.status !== 'compiled') throw notReady(report, 'compiled', 'approve');
  return [
    reportingEvent('CollegeReportApproved', {
      day,
      collegeCode: command.collegeCode,
      approvedBy: command.approvedBy,
      pass: report.pass,
      lateByMinutes: minutesLate(now, deadlineOf(rules, day, 'first-review')),
    }),
  ];
}

/**
 * A reviewer sends the report back with a reason: the deputy party secretary at the first
 * review (a compiled report), the party secretary at the second (an approved one).
 */
export function decideSendBackCollegeReport(
  command: SendBackCollegeReport,
  { report, today }: Omit<ReviewContext, 'now' | 'rules'>,
): ReportingNewEvent[] {
  const day = requireReportDay(command, report, today);
  const reason = requireText(command.reason, 'reason', reportingTextLimits.reason);
  const wanted = command.step === 'first-review' ? 'compiled' : 'approved';
  if (report.status !== wanted) throw notReady(report, wanted, 'send back');
  return [
    reportingEvent('CollegeReportSentBack', {
      day,
      collegeCode: command.collegeCode,
      step: command.step,
      reason,
      sentBackBy: command.sentBackBy,
      pass: report.pass,
    }),
  ];
}

/** Second review: the party secretary submits the approved report to the prevention office. */
export function decideSubmitCollegeReport(
  command: SubmitCollegeReport,
  { report, now, today, rules }: ReviewContext,
): ReportingNewEvent[] {
  const day = requireReportDay(command, report, today);
  if (report.status !== 'approved') throw notReady(report, 'approved', 'submit');
  return [
    reportingEvent('CollegeReportSubmitted', {
      day,
      collegeCode: command.collegeCode,
      submittedBy: command.submittedBy,
      pass: report.pass,
      lateByMinutes: minutesLate(now, deadlineOf(rules, day, 'submission')),
    }),
  ];
}
