import { reportingContract } from './reporting-contract';
import { dialect, noticeId, studentNumber } from './schema-parts';
import { reportingStreamIdPatterns } from './streams';

export const NOTICE_ACKNOWLEDGED = 'NoticeAcknowledged';

/** A student acknowledged having read a notice; once per student and notice. */
export interface NoticeAcknowledgedV1 {
  noticeId: string;
  studentNumber: string;
}
export type NoticeAcknowledged = NoticeAcknowledgedV1;

export const noticeAcknowledgedV1Schema = {
  $schema: dialect,
  $id: 'urn:bulwark:schema:reporting:NoticeAcknowledged:v1',
  title: 'NoticeAcknowledged v1',
  type: 'object',
  additionalProperties: false,
  required: ['noticeId', 'studentNumber'],
  properties: { noticeId, studentNumber },
} as const;

export const noticeAcknowledgedV1 = reportingContract(
  NOTICE_ACKNOWLEDGED,
  1,
  reportingStreamIdPatterns.noticeAcknowledgement,
  noticeAcknowledgedV1Schema,
);
