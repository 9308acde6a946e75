import { reportingStreamId } from '@bulwark/contracts';
import type { UnitOfWork } from '@bulwark/event-store';
import {
  evolveAcknowledgement,
  evolveNotice,
  initialAcknowledgementState,
  initialNoticeState,
  type AcknowledgementState,
  type NoticeState,
} from './domain';

/** A notice and one student's acknowledgement of it, read through a command's unit of work. */
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
