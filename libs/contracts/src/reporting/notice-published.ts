import { reportingContract } from './reporting-contract';
import { actorId, dialect, noticeId, unitCode } from './schema-parts';
import { reportingStreamIdPatterns } from './streams';
import { noticeAudienceLevels, reportingTextLimits, type NoticeAudienceLevel } from './vocabulary';

export const NOTICE_PUBLISHED = 'NoticePublished';

/** A unit a notice is addressed to: every student under it, now or later, must acknowledge. */
export interface NoticeAudienceUnit {
  unitCode: string;
  line: 'academic' | 'residential';
  level: NoticeAudienceLevel;
}

/**
 * A notice went out to an audience of units on either line (college, grade, class,
 * community, building). Every student in the audience must acknowledge it, including
 * students who join the audience after it was published.
 */
export interface NoticePublishedV1 {
  noticeId: string;
  title: string;
  body: string;
  audience: NoticeAudienceUnit[];
  publishedBy: string;
}
export type NoticePublished = NoticePublishedV1;

export const noticePublishedV1Schema = {
  $schema: dialect,
  $id: 'urn:bulwark:schema:reporting:NoticePublished:v1',
  title: 'NoticePublished v1',
  type: 'object',
  additionalProperties: false,
  required: ['noticeId', 'title', 'body', 'audience', 'publishedBy'],
  properties: {
    noticeId,
    title: { type: 'string', minLength: 1, maxLength: reportingTextLimits.title },
    body: { type: 'string', minLength: 1, maxLength: reportingTextLimits.body },
    audience: {
      type: 'array',
      minItems: 1,
      maxItems: 200,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['unitCode', 'line', 'level'],
        properties: {
          unitCode,
          line: { enum: ['academic', 'residential'] },
          level: { enum: noticeAudienceLevels },
        },
      },
    },
    publishedBy: actorId,
  },
} as const;

export const noticePublishedV1 = reportingContract(
  NOTICE_PUBLISHED,
  1,
  reportingStreamIdPatterns.notice,
  noticePublishedV1Schema,
);
