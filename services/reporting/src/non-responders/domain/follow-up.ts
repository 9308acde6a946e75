import { followUpChannels, reportingTextLimits, type FollowUpResolution } from '@bulwark/contracts';
import { Rejection } from '@bulwark/decider';
import { reportingEvent, type ReportingNewEvent } from '../../rules/domain/events';
import { mismatch, optionalText, requireBoolean, requireOneOf } from '../../rules/domain/formats';
import { isReportingDay } from '../../rules/domain/reporting-day';
import type { LogFollowUp } from './commands';
import { dayRecord, type CheckInRecord } from '../../check-in/domain/state';

/**
 * A counsellor logs one attempt to reach a non-responder (SMS, phone, in person; reached or
 * not; the reason given). Reached closes the case; not reached but with a reason given
 * closes it as explained; otherwise it stays open for the next attempt.
 */
export function decideLogFollowUp(
  command: LogFollowUp,
  record: CheckInRecord,
): ReportingNewEvent[] {
  if (record.studentNumber !== command.studentNumber) {
    throw mismatch('check-in record', command.studentNumber, record.studentNumber);
  }
  if (!isReportingDay(command.day)) {
    throw Rejection.invalid('day', `day must be a calendar day YYYY-MM-DD, got ${command.day}`);
  }
  const channel = requireOneOf(command.channel, followUpChannels, 'channel');
  const reached = requireBoolean(command.reached, 'reached');
  const reason = optionalText(command.reason, 'reason', reportingTextLimits.reason);
  const day = dayRecord(record, command.day);
  if (!day.nonResponder) {
    throw Rejection.conflict(
      'studentNumber',
      `student ${command.studentNumber} was not flagged as a non-responder on ${command.day}`,
    );
  }
  if (day.resolution !== null) {
    throw Rejection.conflict(
      'studentNumber',
      `the follow-up of student ${command.studentNumber} on ${command.day} is closed (${day.resolution})`,
      { resolution: day.resolution },
    );
  }
  const resolution: FollowUpResolution | null = reached ? 'reached' : reason ? 'explained' : null;
  return [
    reportingEvent('FollowUpLogged', {
      studentNumber: command.studentNumber,
      day: command.day,
      attempt: day.followUps + 1,
      channel,
      reached,
      reason,
      resolution,
      loggedBy: command.loggedBy,
    }),
  ];
}
