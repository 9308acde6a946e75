import { Rejection } from '@bulwark/decider';
import { reportingEvent, type ReportingNewEvent } from '../../rules/domain/events';
import { mismatch } from '../../rules/domain/formats';
import type { RosterStudent } from '../../rules/domain/roster-student';
import type { AcknowledgeNotice } from './commands';
import { isInAudience, type AcknowledgementState, type NoticeState } from './state';

/**
 * A student acknowledges having read a notice addressed to them (by class or by dorm, now):
 * once; acknowledging again changes nothing.
 */
export function decideAcknowledgeNotice(
  command: AcknowledgeNotice,
  context: {
    notice: NoticeState;
    acknowledgement: AcknowledgementState;
    student: RosterStudent | null;
  },
): ReportingNewEvent[] {
  const { notice, acknowledgement, student } = context;
  if (notice.noticeId !== command.noticeId)
    throw mismatch('notice', command.noticeId, notice.noticeId);
  if (
    acknowledgement.noticeId !== command.noticeId ||
    acknowledgement.studentNumber !== command.studentNumber
  ) {
    throw mismatch(
      'acknowledgement',
      `${command.noticeId}/${command.studentNumber}`,
      `${acknowledgement.noticeId}/${acknowledgement.studentNumber}`,
    );
  }
  if (notice.status !== 'published') {
    throw Rejection.notFound('noticeId', `no notice ${command.noticeId}`);
  }
  if (!student) {
    throw Rejection.invalid(
      'studentNumber',
      `student ${command.studentNumber} is not on the roster`,
    );
  }
  if (!isInAudience(notice.audience, student)) {
    throw Rejection.forbidden(
      `notice ${command.noticeId} is not addressed to student ${command.studentNumber}`,
    );
  }
  if (acknowledgement.acknowledged) return [];
  return [
    reportingEvent('NoticeAcknowledged', {
      noticeId: command.noticeId,
      studentNumber: command.studentNumber,
    }),
  ];
}
