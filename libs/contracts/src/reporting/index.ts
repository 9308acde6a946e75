import type { EventContract } from '../contract';
import {
  abnormalCheckInReportedV1,
  type AbnormalCheckInReported,
} from './abnormal-check-in-reported';
import { checkInAmendedV1, type CheckInAmended } from './check-in-amended';
import { checkInSubmittedV1, type CheckInSubmitted } from './check-in-submitted';
import { classReportFiledV1, type ClassReportFiled } from './class-report-filed';
import { collegeReportApprovedV1, type CollegeReportApproved } from './college-report-approved';
import { collegeReportCompiledV1, type CollegeReportCompiled } from './college-report-compiled';
import { collegeReportReopenedV1, type CollegeReportReopened } from './college-report-reopened';
import { collegeReportSentBackV1, type CollegeReportSentBack } from './college-report-sent-back';
import { collegeReportSubmittedV1, type CollegeReportSubmitted } from './college-report-submitted';
import { deadlineMissedV1, type DeadlineMissed } from './deadline-missed';
import { followUpLoggedV1, type FollowUpLogged } from './follow-up-logged';
import { noticeAcknowledgedV1, type NoticeAcknowledged } from './notice-acknowledged';
import { noticePublishedV1, type NoticePublished } from './notice-published';
import {
  repetitiveCheckInsFlaggedV1,
  type RepetitiveCheckInsFlagged,
} from './repetitive-check-ins-flagged';
import {
  studentFlaggedNonResponderV1,
  type StudentFlaggedNonResponder,
} from './student-flagged-non-responder';

export * from './abnormal-check-in-reported';
export * from './check-in-amended';
export * from './check-in-answers';
export * from './check-in-submitted';
export * from './class-report-filed';
export * from './college-report-approved';
export * from './college-report-compiled';
export * from './college-report-reopened';
export * from './college-report-sent-back';
export * from './college-report-submitted';
export * from './deadline-missed';
export * from './follow-up-logged';
export * from './notice-acknowledged';
export * from './notice-published';
export * from './repetitive-check-ins-flagged';
export * from './student-flagged-non-responder';
export * from './streams';
export * from './vocabulary';

/** Current (newest) data shape of every reporting event type. */
export interface ReportingEventMap {
  CheckInSubmitted: CheckInSubmitted;
  CheckInAmended: CheckInAmended;
  AbnormalCheckInReported: AbnormalCheckInReported;
  RepetitiveCheckInsFlagged: RepetitiveCheckInsFlagged;
  StudentFlaggedNonResponder: StudentFlaggedNonResponder;
  FollowUpLogged: FollowUpLogged;
  ClassReportFiled: ClassReportFiled;
  CollegeReportCompiled: CollegeReportCompiled;
  CollegeReportApproved: CollegeReportApproved;
  CollegeReportSentBack: CollegeReportSentBack;
  CollegeReportSubmitted: CollegeReportSubmitted;
  CollegeReportReopened: CollegeReportReopened;
  DeadlineMissed: DeadlineMissed;
  NoticePublished: NoticePublished;
  NoticeAcknowledged: NoticeAcknowledged;
}

export type ReportingEventType = keyof ReportingEventMap;

/** A reporting event as `{ type, data }`, discriminated by type (current versions). */
export type ReportingEvent = {
  [K in ReportingEventType]: { type: K; data: ReportingEventMap[K] };
}[ReportingEventType];

/** Every published version of every reporting event. Old versions stay here once a v2 exists. */
export const reportingEvents: readonly EventContract<ReportingEventType>[] = [
  checkInSubmittedV1,
  checkInAmendedV1,
  abnormalCheckInReportedV1,
  repetitiveCheckInsFlaggedV1,
  studentFlaggedNonResponderV1,
  followUpLoggedV1,
  classReportFiledV1,
  collegeReportCompiledV1,
  collegeReportApprovedV1,
  collegeReportSentBackV1,
  collegeReportSubmittedV1,
  collegeReportReopenedV1,
  deadlineMissedV1,
  noticePublishedV1,
  noticeAcknowledgedV1,
];

/** The version reporting writes today, per type (the `schemaVersion` of new events). */
export const reportingEventVersions: { readonly [K in ReportingEventType]: number } = {
  CheckInSubmitted: checkInSubmittedV1.version,
  CheckInAmended: checkInAmendedV1.version,
  AbnormalCheckInReported: abnormalCheckInReportedV1.version,
  RepetitiveCheckInsFlagged: repetitiveCheckInsFlaggedV1.version,
  StudentFlaggedNonResponder: studentFlaggedNonResponderV1.version,
  FollowUpLogged: followUpLoggedV1.version,
  ClassReportFiled: classReportFiledV1.version,
  CollegeReportCompiled: collegeReportCompiledV1.version,
  CollegeReportApproved: collegeReportApprovedV1.version,
  CollegeReportSentBack: collegeReportSentBackV1.version,
  CollegeReportSubmitted: collegeReportSubmittedV1.version,
  CollegeReportReopened: collegeReportReopenedV1.version,
  DeadlineMissed: deadlineMissedV1.version,
  NoticePublished: noticePublishedV1.version,
  NoticeAcknowledged: noticeAcknowledgedV1.version,
};

const byTypeAndVersion = new Map(reportingEvents.map((c) => [`${c.type}.v${c.version}`, c]));

/** The contract of one version of a reporting event, or undefined when it was never published. */
export function reportingEventContract(
  type: string,
  version: number,
): EventContract<ReportingEventType> | undefined {
  return byTypeAndVersion.get(`${type}.v${version}`);
}

export function isReportingEventType(type: string): type is ReportingEventType {
  return Object.prototype.hasOwnProperty.call(reportingEventVersions, type);
}
