import { given, rejectionOf } from '@bulwark/decider';
import { expectContractConformance } from '../../test-support/contract-check';
import { student } from '../../test-support/fixtures';
import { decideAcknowledgeNotice } from './acknowledge';
import type { KnownUnit, PublishNotice } from './commands';
import { evolveAcknowledgement, evolveNotice } from './evolve';
import { decidePublishNotice } from './publish';
import { initialAcknowledgementState, initialNoticeState } from './state';

const units = new Map<string, KnownUnit>(
  (
    [
      ['sem', 'academic', 'college', ['uni', 'sem']],
      ['sem-2020', 'academic', 'grade', ['uni', 'sem', 'sem-2020']],
      ['law-2021-1', 'academic', 'class', ['uni', 'law', 'law-2021', 'law-2021-1']],
      ['b001', 'residential', 'building', ['main', 'cm1', 'b001']],
      ['b001-101', 'residential', 'room', ['main', 'cm1', 'b001', 'b001-f1', 'b001-101']],
    ] as const
  ).map(([code, line, level, path]) => [code, { code, line, level, path }]),
);

const publish = (overrides: Partial<PublishNotice> = {}): PublishNotice => ({
  noticeId: 'pledge-1',
  title: '防疫承诺书 (prevention pledge)',
  body: 'Read the pledge.\nSign it by Friday.',
  audience: ['sem-2020', 'b001'],
  publishedBy: 'L-1',
  ...overrides,
});
const none = initialNoticeState('pledge-1');
const published = decidePublishNotice(publish(), { notice: none, units });
const notice = published.reduce(evolveNotice, none);
const noAck = initialAcknowledgementState('pledge-1', student.studentNumber);

describe('publishing a notice', () => {
  it('publishes to units on both lines, each with its line and level', () => {
    given(none, evolveNotice)
      .when((n) => decidePublishNotice(publish(), { notice: n, units }))
      .then([
        {
          type: 'NoticePublished',
          data: {
            noticeId: 'pledge-1',
            title: '防疫承诺书 (prevention pledge)',
            body: 'Read the pledge.\nSign it by Friday.',
            audience: [
              { unitCode: 'sem-2020', line: 'academic', level: 'grade' },
              { unitCode: 'b001', line: 'residential', level: 'building' },
            ],
            publishedBy: 'L-1',
          },
        },
      ]);
    expectContractConformance(published);
  });

  it.each<[string, Partial<PublishNotice>, string]>([
    ['an empty audience', { audience: [] }, 'audience'],
    ['a unit not on the roster', { audience: ['sem', 'nowhere'] }, 'audience.1'],
    ['a room', { audience: ['b001-101'] }, 'audience.0'],
    ['an empty title', { title: ' ' }, 'title'],
  ])('refuses %s (400 %s)', (_what, overrides, field) => {
    expect(
      rejectionOf(() => decidePublishNotice(publish(overrides), { notice: none, units })),
    ).toMatchObject({
      kind: 'invalid',
      field,
    });
  });

  it('refuses to publish the same notice twice (409)', () => {
    given(none, evolveNotice, published)
      .when((n) => decidePublishNotice(publish(), { notice: n, units }))
      .thenRejects('conflict', 'noticeId');
  });
});

describe('acknowledging a notice', () => {
  it('a student in the audience acknowledges once; again changes nothing', () => {
    const acked = decideAcknowledgeNotice(
      { noticeId: 'pledge-1', studentNumber: student.studentNumber },
      { notice, acknowledgement: noAck, student },
    );
    expect(acked).toEqual([
      expect.objectContaining({
        type: 'NoticeAcknowledged',
        data: { noticeId: 'pledge-1', studentNumber: student.studentNumber },
      }),
    ]);
    expectContractConformance(acked);
    given(noAck, evolveAcknowledgement, acked)
      .when((acknowledgement) =>
        decideAcknowledgeNotice(
          { noticeId: 'pledge-1', studentNumber: student.studentNumber },
          { notice, acknowledgement, student },
        ),
      )
      .then([]);
  });

  it('a student reached only through their building is in the audience', () => {
    const lawStudent = {
      ...student,
      classCode: 'law-2021-1',
      classPath: ['uni', 'law', 'law-2021', 'law-2021-1'],
    };
    expect(
      decideAcknowledgeNotice(
        { noticeId: 'pledge-1', studentNumber: student.studentNumber },
        { notice, acknowledgement: noAck, student: lawStudent },
      ),
    ).toHaveLength(1);
  });

  it('refuses a student outside the audience (403), an unknown notice (404), a student off the roster (400)', () => {
    const outsider = {
      ...student,
      classCode: 'law-2021-1',
      classPath: ['uni', 'law', 'law-2021', 'law-2021-1'],
      roomPath: null,
    };
    const ack = { noticeId: 'pledge-1', studentNumber: student.studentNumber };
    expect(
      rejectionOf(() =>
        decideAcknowledgeNotice(ack, { notice, acknowledgement: noAck, student: outsider }),
      ).kind,
    ).toBe('forbidden');
    expect(
      rejectionOf(() =>
        decideAcknowledgeNotice(ack, { notice: none, acknowledgement: noAck, student }),
      ),
    ).toMatchObject({ kind: 'not-found', field: 'noticeId' });
    expect(
      rejectionOf(() =>
        decideAcknowledgeNotice(ack, { notice, acknowledgement: noAck, student: null }),
      ),
    ).toMatchObject({ kind: 'invalid', field: 'studentNumber' });
  });
});
