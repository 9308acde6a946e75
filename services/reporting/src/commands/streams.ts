import { reportingStreamId } from '@bulwark/contracts';
import type { UnitOfWork } from '@bulwark/event-store';
import {
  checkInRecordSnapshot,
  evolveCheckIns,
  initialCheckInRecord,
  type CheckInRecord,
} from '../domain/check-in';
import {
  evolveCollegeReport,
  initialCollegeReportState,
  type CollegeReportState,
} from '../domain/college-report';
import {
  evolveAcknowledgement,
  evolveNotice,
  initialAcknowledgementState,
  initialNoticeState,
  type AcknowledgementState,
  type NoticeState,
} from '../domain/notice';

/** Folded aggregates, read through a command's unit of work (so appends check their versions). */
export const checkInsOf = (uow: UnitOfWork, studentNumber: string): Promise<CheckInRecord> =>
  uow.fold(
    reportingStreamId.checkIns(studentNumber),
    initialCheckInRecord(studentNumber),
    evolveCheckIns,
    checkInRecordSnapshot,
  );

export const collegeReportOf = (
  uow: UnitOfWork,
  collegeCode: string,
  day: string,
): Promise<CollegeReportState> =>
  uow.fold(
    reportingStreamId.collegeReport(collegeCode, day),
    initialCollegeReportState(collegeCode, day),
    evolveCollegeReport,
  );

export const noticeOf = (uow: UnitOfWork, noticeId: string): Promise<NoticeState> =>
  uow.fold(reportingStreamId.notice(noticeId), initialNoticeState(noticeId), evolveNotice);

export const acknowledgementOf = (
  uow: UnitOfWork,
  noticeId: string,
  studentNumber: string,
): Promise<AcknowledgementState> =>
  uow.fold(
    reportingStreamId.noticeAcknowledgement(noticeId, studentNumber),
    initialAcknowledgementState(noticeId, studentNumber),
    evolveAcknowledgement,
  );
