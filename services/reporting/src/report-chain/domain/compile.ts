import { Rejection } from '@bulwark/decider';
import { reportingEvent, type ReportingNewEvent } from '../../rules/domain/events';
import { minutesLate } from '../../rules/domain/reporting-day';
import { deadlineOf, type ReportingRules } from '../../rules/domain/rules';
import type { CompileCollegeReport, ExpectedClass } from './commands';
import { lockedBecause, requireReportDay } from './guards';
import { isCollecting, type CollegeReportState } from './state';

/**
 * The league secretary compiles the college report from the class reports. Every class
 * expected to report must have filed (a zero report counts, silence does not): while one is
 * missing the compilation is refused with the list of missing classes, by name.
 */
export function decideCompileCollegeReport(
  command: CompileCollegeReport,
  context: {
    report: CollegeReportState;
    expectedClasses: readonly ExpectedClass[];
    now: Date;
    today: string;
    rules: ReportingRules;
  },
): ReportingNewEvent[] {
  const { report, now, rules } = context;
  const day = requireReportDay(command, report, context.today);
  if (!isCollecting(report)) {
    throw Rejection.conflict(null, lockedBecause(report), { status: report.status });
  }
  if (context.expectedClasses.length === 0 && report.classReports.size === 0) {
    throw Rejection.conflict(
      null,
      `college ${command.collegeCode} has no class with students on the roster: nothing to compile`,
    );
  }
  const missing = context.expectedClasses
    .filter((c) => !report.classReports.has(c.classCode))
    .sort((a, b) => a.classCode.localeCompare(b.classCode));
  if (missing.length > 0) {
    throw Rejection.conflict(
      null,
      `cannot compile the college report of ${command.collegeCode} for ${day}: ` +
        `${missing.length} class(es) have not reported: ` +
        missing.map((c) => `${c.name} (${c.classCode})`).join(', '),
      { missingClasses: missing.map((c) => ({ classCode: c.classCode, name: c.name })) },
    );
  }
  const classes = [...report.classReports]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([classCode, entry]) => ({
      classCode,
      kind: entry.kind,
      changes: entry.changes.length,
    }));
  return [
    reportingEvent('CollegeReportCompiled', {
      day,
      collegeCode: command.collegeCode,
      classes,
      zeroReports: classes.filter((c) => c.kind === 'zero').length,
      reportsWithChanges: classes.filter((c) => c.kind === 'changes').length,
      compiledBy: command.compiledBy,
      pass: report.pass,
      lateByMinutes: minutesLate(now, deadlineOf(rules, day, 'first-review')),
    }),
  ];
}
