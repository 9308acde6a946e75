import { reportingEvent, type ReportingNewEvent } from '../../rules/domain/events';
import { mismatch } from '../../rules/domain/formats';
import type { RosterStudent } from '../../rules/domain/roster-student';
import type { FlagNonResponder } from './commands';
import { dayRecord, type CheckInRecord } from '../../check-in/domain/state';

/**
 * At the class-report deadline, an expected student without a check-in that day is flagged
 * as a non-responder, once. Run on the student's own stream, so a check-in that lands first
 * wins and the flag is not raised (and two replicas flag once between them).
 */
export function decideFlagNonResponder(
  command: FlagNonResponder,
  context: { record: CheckInRecord; student: RosterStudent | null },
): ReportingNewEvent[] {
  const { record, student } = context;
  if (record.studentNumber !== command.studentNumber) {
    throw mismatch('check-in record', command.studentNumber, record.studentNumber);
  }
  if (!student) return []; // not on the roster: not expected
  const day = dayRecord(record, command.day);
  if (day.submissions > 0 || day.nonResponder) return [];
  return [
    reportingEvent('StudentFlaggedNonResponder', {
      studentNumber: command.studentNumber,
      day: command.day,
      classCode: student.classCode,
      classPath: [...student.classPath],
      deadline: command.deadline.toISOString(),
    }),
  ];
}
