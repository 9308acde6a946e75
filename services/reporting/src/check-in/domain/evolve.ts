import { asReportingEvent, type EventLike } from '../../rules/domain/events';
import { abnormalFindingKey } from './abnormal';
import { settleEarlierDays } from './settle';
import { dayRecord, type CheckInRecord, type ReportingDayRecord } from './state';

function withDay(
  record: CheckInRecord,
  day: string,
  change: (before: ReportingDayRecord) => ReportingDayRecord,
): CheckInRecord {
  const days = new Map(record.days);
  days.set(day, change(dayRecord(record, day)));
  return { ...record, days };
}

/** Folds one event of stream `check-ins-<studentNumber>` into the student's record. */
export function evolveCheckIns(record: CheckInRecord, stored: EventLike): CheckInRecord {
  const event = asReportingEvent(stored);
  const next = recordEvent(record, stored);
  return next === record || !('day' in event.data) ? next : settleEarlierDays(next, event.data.day);
}

/**
 * What one event changes in the record, before older days are settled: with
 * `settleEarlierDays` left out, a fold of this keeps every day (the tests compare against it).
 */
export function recordEvent(record: CheckInRecord, stored: EventLike): CheckInRecord {
  const event = asReportingEvent(stored);
  switch (event.type) {
    case 'CheckInSubmitted':
    case 'CheckInAmended': {
      const { location, health, exposure } = event.data;
      return withDay(record, event.data.day, (d) => ({
        ...d,
        submissions: d.submissions + 1,
        answers: { location, health, exposure },
      }));
    }
    case 'AbnormalCheckInReported': {
      const { reasons, temperatureC, symptoms, exposure, location } = event.data;
      const key = abnormalFindingKey(reasons, {
        location,
        health: { temperatureC, symptoms },
        exposure,
      });
      return withDay(record, event.data.day, (d) => ({ ...d, lastAbnormalFinding: key }));
    }
    case 'RepetitiveCheckInsFlagged': {
      const flaggedRuns = new Set(record.flaggedRuns);
      flaggedRuns.add(event.data.since);
      return { ...record, flaggedRuns };
    }
    case 'StudentFlaggedNonResponder':
      return withDay(record, event.data.day, (d) => ({ ...d, nonResponder: true }));
    case 'FollowUpLogged':
      return withDay(record, event.data.day, (d) => ({
        ...d,
        followUps: d.followUps + 1,
        resolution: event.data.resolution ?? d.resolution,
      }));
    default:
      return record;
  }
}
