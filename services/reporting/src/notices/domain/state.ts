import type { NoticeAudienceUnit } from '@bulwark/contracts';
import type { RosterStudent } from '../../rules/domain/roster-student';

/** Stream `notice-<noticeId>`. */
export type NoticeState =
  | { readonly status: 'absent'; readonly noticeId: string }
  | {
      readonly status: 'published';
      readonly noticeId: string;
      readonly title: string;
      readonly audience: readonly NoticeAudienceUnit[];
      readonly publishedBy: string;
    };

/** Stream `notice-ack-<noticeId>-<studentNumber>`: one student's acknowledgement. */
export interface AcknowledgementState {
  readonly noticeId: string;
  readonly studentNumber: string;
  readonly acknowledged: boolean;
}

export function initialNoticeState(noticeId: string): NoticeState {
  return { status: 'absent', noticeId };
}

export function initialAcknowledgementState(
  noticeId: string,
  studentNumber: string,
): AcknowledgementState {
  return { noticeId, studentNumber, acknowledged: false };
}

/**
 * Whether a student is in a notice's audience now: under one of its units on the academic
 * line (college, grade, class) or the residential line (community, building). A student who
 * joins the audience after publication is in it too.
 */
export function isInAudience(
  audience: readonly NoticeAudienceUnit[],
  student: Pick<RosterStudent, 'classPath' | 'roomPath'>,
): boolean {
  return audience.some((unit) =>
    unit.line === 'academic'
      ? student.classPath.includes(unit.unitCode)
      : (student.roomPath ?? []).includes(unit.unitCode),
  );
}
