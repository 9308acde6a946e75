import { asReportingEvent, type EventLike } from '../../rules/domain/events';
import { missedKey, type CollegeReportState } from './state';

/** Folds one event of stream `college-report-<collegeCode>-<day>` into the report. */
export function evolveCollegeReport(
  report: CollegeReportState,
  stored: EventLike,
): CollegeReportState {
  const event = asReportingEvent(stored);
  switch (event.type) {
    case 'ClassReportFiled': {
      const d = event.data;
      const previous = report.classReports.get(d.classCode);
      const classReports = new Map(report.classReports);
      classReports.set(d.classCode, {
        kind: d.kind,
        changes: d.changes,
        filedBy: d.filedBy,
        filing: d.filing,
        lateByMinutes: d.lateByMinutes,
        firstLateByMinutes: previous?.firstLateByMinutes ?? d.lateByMinutes,
      });
      return { ...report, classReports };
    }
    case 'CollegeReportCompiled':
      return { ...report, status: 'compiled' };
    case 'CollegeReportApproved':
      return {
        ...report,
        status: 'approved',
        firstApprovalLateByMinutes: report.firstApprovalLateByMinutes ?? event.data.lateByMinutes,
      };
    case 'CollegeReportSentBack':
      return { ...report, status: 'sent-back', pass: event.data.pass + 1 };
    case 'CollegeReportSubmitted':
      return {
        ...report,
        status: 'submitted',
        firstSubmissionLateByMinutes:
          report.firstSubmissionLateByMinutes ?? event.data.lateByMinutes,
      };
    case 'CollegeReportReopened':
      return { ...report, status: 'reopened', pass: event.data.pass };
    case 'DeadlineMissed': {
      const missed = new Set(report.missed);
      missed.add(missedKey(event.data.step, event.data.unitCode));
      return { ...report, missed };
    }
    default:
      return report;
  }
}
