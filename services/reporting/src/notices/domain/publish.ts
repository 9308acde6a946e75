import {
  noticeAudienceLevels,
  reportingPatterns,
  reportingTextLimits,
  type NoticeAudienceUnit,
} from '@bulwark/contracts';
import { Rejection } from '@bulwark/decider';
import { reportingEvent, type ReportingNewEvent } from '../../rules/domain/events';
import { formats, mismatch, requireFormat, requireText } from '../../rules/domain/formats';
import type { KnownUnit, PublishNotice } from './commands';
import type { NoticeState } from './state';

const noticeIdFormat = new RegExp(reportingPatterns.noticeId);
const maxAudience = 200;

/**
 * Publishes a notice to an audience of units on either line: colleges, grades, classes,
 * communities, buildings. Each unit must be on the roster and of one of those levels.
 */
export function decidePublishNotice(
  command: PublishNotice,
  context: { notice: NoticeState; units: ReadonlyMap<string, KnownUnit> },
): ReportingNewEvent[] {
  const noticeId = requireFormat(command.noticeId, noticeIdFormat, 'noticeId');
  if (context.notice.noticeId !== noticeId) {
    throw mismatch('notice', noticeId, context.notice.noticeId);
  }
  const title = requireText(command.title, 'title', reportingTextLimits.title);
  const body = requireText(command.body, 'body', reportingTextLimits.body, { multiline: true });
  if (!Array.isArray(command.audience) || command.audience.length === 0) {
    throw Rejection.invalid('audience', 'audience must list at least one unit');
  }
  if (command.audience.length > maxAudience) {
    throw Rejection.invalid('audience', `audience lists at most ${maxAudience} units`);
  }
  const audience: NoticeAudienceUnit[] = [];
  command.audience.forEach((value, i) => {
    const code = requireFormat(value, formats.unitCode, `audience.${i}`);
    const unit = context.units.get(code);
    if (!unit) throw Rejection.invalid(`audience.${i}`, `unit ${code} is not on the roster`);
    const level = noticeAudienceLevels.find((l) => l === unit.level);
    if (!level) {
      throw Rejection.invalid(
        `audience.${i}`,
        `${code} is a ${unit.level}: a notice goes to a ${noticeAudienceLevels.join(', ')}`,
      );
    }
    if (!audience.some((a) => a.unitCode === code)) {
      audience.push({ unitCode: code, line: unit.line, level });
    }
  });
  if (context.notice.status === 'published') {
    throw Rejection.conflict('noticeId', `notice ${noticeId} is already published`);
  }
  return [
    reportingEvent('NoticePublished', {
      noticeId,
      title,
      body,
      audience,
      publishedBy: command.publishedBy,
    }),
  ];
}
