import {
  changeCategories,
  classReportKinds,
  maxChangesPerClassReport,
  reportingTextLimits,
  type ClassReportChange,
} from '@bulwark/contracts';
import { Rejection } from '@bulwark/decider';
import { reportingEvent, type ReportingNewEvent } from '../../rules/domain/events';
import { formats, requireFormat, requireOneOf, requireText } from '../../rules/domain/formats';
import { minutesLate } from '../../rules/domain/reporting-day';
import { deadlineOf, type ReportingRules } from '../../rules/domain/rules';
import type { FileClassReport } from './commands';
import { lockedBecause, requireReportDay } from './guards';
import { isCollecting, type CollegeReportState } from './state';

function requireChanges(
  changes: FileClassReport['changes'],
  classCode: string,
  students: ReadonlySet<string>,
): ClassReportChange[] {
  if (changes === undefined) return [];
  if (!Array.isArray(changes)) throw Rejection.invalid('changes', 'changes must be a list');
  if (changes.length > maxChangesPerClassReport) {
    throw Rejection.invalid(
      'changes',
      `a class report lists at most ${maxChangesPerClassReport} changes`,
    );
  }
  return changes.map((change, i) => {
    const studentNumber = requireFormat(
      change?.studentNumber,
      formats.studentNumber,
      `changes.${i}.studentNumber`,
    );
    if (!students.has(studentNumber)) {
      throw Rejection.invalid(
        `changes.${i}.studentNumber`,
        `student ${studentNumber} is not in class ${classCode}`,
      );
    }
    return {
      studentNumber,
      category: requireOneOf(change.category, changeCategories, `changes.${i}.category`),
      description: requireText(
        change.description,
        `changes.${i}.description`,
        reportingTextLimits.description,
      ),
    };
  });
}

/**
 * A class counsellor files the class report of a day: the changes since the previous day,
 * or an explicit zero report. The two are never confused: a zero report lists nothing, a
 * report with changes lists at least one, and a class that filed neither is missing. Filing
 * again replaces the class's report while the college report is still being collected; once
 * it is compiled, the report is locked until it is sent back or reopened.
 */
export function decideFileClassReport(
  command: FileClassReport,
  context: {
    report: CollegeReportState;
    /** The class's students on the roster; null when the class is not a class of this college. */
    classStudents: ReadonlySet<string> | null;
    now: Date;
    today: string;
    rules: ReportingRules;
  },
): ReportingNewEvent[] {
  const { report, now, rules } = context;
  const day = requireReportDay(command, report, context.today);
  const classCode = requireFormat(command.classCode, formats.unitCode, 'classCode');
  if (!context.classStudents) {
    throw Rejection.invalid(
      'classCode',
      `${classCode} is not a class of college ${command.collegeCode} on the roster`,
    );
  }
  const kind = requireOneOf(command.kind, classReportKinds, 'kind');
  const changes = requireChanges(command.changes, classCode, context.classStudents);
  if (kind === 'zero' && changes.length > 0) {
    throw Rejection.invalid(
      'changes',
      'a zero report lists no changes: send kind "changes" to report them',
    );
  }
  if (kind === 'changes' && changes.length === 0) {
    throw Rejection.invalid(
      'changes',
      'a report with changes lists at least one: send kind "zero" when nothing changed',
    );
  }
  if (!isCollecting(report)) {
    throw Rejection.conflict('classCode', lockedBecause(report), { status: report.status });
  }
  const previous = report.classReports.get(classCode);
  return [
    reportingEvent('ClassReportFiled', {
      day,
      collegeCode: command.collegeCode,
      classCode,
      kind,
      changes,
      filedBy: command.filedBy,
      filing: (previous?.filing ?? 0) + 1,
      lateByMinutes: minutesLate(now, deadlineOf(rules, day, 'class-report')),
    }),
  ];
}
