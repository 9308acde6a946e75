import { Rejection } from '@bulwark/decider';
import { mismatch } from '../../rules/domain/formats';
import { isReportingDay } from '../../rules/domain/reporting-day';
import type { CollegeReportState } from './state';

/** The command's day is a real day, not in the future; the state is the right stream's. */
export function requireReportDay(
  command: { collegeCode: string; day: string },
  report: CollegeReportState,
  today: string,
): string {
  if (!isReportingDay(command.day)) {
    throw Rejection.invalid('day', `day must be a calendar day YYYY-MM-DD, got ${command.day}`);
  }
  if (command.day > today) {
    throw Rejection.invalid('day', `day ${command.day} is in the future (today is ${today})`);
  }
  if (report.collegeCode !== command.collegeCode || report.day !== command.day) {
    throw mismatch(
      'college report',
      `${command.collegeCode}/${command.day}`,
      `${report.collegeCode}/${report.day}`,
    );
  }
  return command.day;
}

/** Why the report cannot change now, in the words of its status. */
export function lockedBecause(report: CollegeReportState): string {
  switch (report.status) {
    case 'compiled':
      return `the college report of ${report.collegeCode} for ${report.day} is compiled and awaits the first review: it must be sent back or reopened before it changes`;
    case 'approved':
      return `the college report of ${report.collegeCode} for ${report.day} is approved: it must be sent back or reopened before it changes`;
    case 'submitted':
      return `the college report of ${report.collegeCode} for ${report.day} is submitted and locked: reopen it with a reason before it changes`;
    default:
      return `the college report of ${report.collegeCode} for ${report.day} is ${report.status}`;
  }
}
