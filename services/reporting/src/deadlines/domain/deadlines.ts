import { reportingEvent, type ReportingNewEvent } from '../../rules/domain/events';
import { mismatch } from '../../rules/domain/formats';
import { deadlineOf, type ReportingRules } from '../../rules/domain/rules';
import type { RecordMissedDeadlines } from './commands';
import { missedKey, type CollegeReportState } from '../../report-chain/domain/state';

/**
 * Which units missed a step's deadline, once the deadline has passed: a class whose first
 * report of the day came late or not at all; the college when its first approval (first
 * review) or first submission came late or not at all. A step counts as done on time when it
 * was first completed by its deadline. Each miss is recorded once: run again (by another
 * replica, after a restart) it decides nothing new.
 */
export function decideMissedDeadlines(
  command: RecordMissedDeadlines,
  context: {
    report: CollegeReportState;
    /** Classes of the college expected to report (with students on the roster). */
    expectedClasses: readonly string[];
    now: Date;
    rules: ReportingRules;
  },
): ReportingNewEvent[] {
  const { report, now, rules } = context;
  if (report.collegeCode !== command.collegeCode || report.day !== command.day) {
    throw mismatch(
      'college report',
      `${command.collegeCode}/${command.day}`,
      `${report.collegeCode}/${report.day}`,
    );
  }
  const deadline = deadlineOf(rules, command.day, command.step);
  if (now < deadline) return [];

  let late: string[];
  if (command.step === 'class-report') {
    late = [...new Set(context.expectedClasses)]
      .sort()
      .filter((classCode) => report.classReports.get(classCode)?.firstLateByMinutes !== 0);
  } else {
    const firstLate =
      command.step === 'first-review'
        ? report.firstApprovalLateByMinutes
        : report.firstSubmissionLateByMinutes;
    late = firstLate === 0 ? [] : [command.collegeCode];
  }
  return late
    .filter((unitCode) => !report.missed.has(missedKey(command.step, unitCode)))
    .map((unitCode) =>
      reportingEvent('DeadlineMissed', {
        day: command.day,
        collegeCode: command.collegeCode,
        step: command.step,
        unitCode,
        deadline: deadline.toISOString(),
      }),
    );
}
