/**
 * Store streams of reporting, one per aggregate instance. The stream id is the CloudEvents
 * `subject` of every event on it.
 */
export const reportingStreamId = {
  /** A student's daily reporting record: check-ins, flags, follow-ups, every day. */
  checkIns: (studentNumber: string): string => `check-ins-${studentNumber}`,
  /** One college's report chain of one day, class reports included. */
  collegeReport: (collegeCode: string, day: string): string =>
    `college-report-${collegeCode}-${day}`,
  notice: (noticeId: string): string => `notice-${noticeId}`,
  /** One student's acknowledgement of one notice (its own stream: acknowledged once). */
  noticeAcknowledgement: (noticeId: string, studentNumber: string): string =>
    `notice-ack-${noticeId}-${studentNumber}`,
} as const;

export const reportingStreamIdPatterns = {
  checkIns: 'check-ins-<studentNumber>',
  collegeReport: 'college-report-<collegeCode>-<day>',
  notice: 'notice-<noticeId>',
  noticeAcknowledgement: 'notice-ack-<noticeId>-<studentNumber>',
} as const;
