import { asReportingEvent, type EventLike } from '../../rules/domain/events';
import type { AcknowledgementState, NoticeState } from './state';

/** Folds one event of stream `notice-<noticeId>`. */
export function evolveNotice(notice: NoticeState, stored: EventLike): NoticeState {
  const event = asReportingEvent(stored);
  if (event.type !== 'NoticePublished') return notice;
  const { noticeId, title, audience, publishedBy } = event.data;
  return { status: 'published', noticeId, title, audience, publishedBy };
}

/** Folds one event of stream `notice-ack-<noticeId>-<studentNumber>`. */
export function evolveAcknowledgement(
  state: AcknowledgementState,
  stored: EventLike,
): AcknowledgementState {
  return stored.type === 'NoticeAcknowledged' ? { ...state, acknowledged: true } : state;
}
