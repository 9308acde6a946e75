import { given } from '@bulwark/decider';
import type { ChainStep } from '@bulwark/contracts';
import type { ReportingNewEvent } from '../../rules/domain/events';
import { expectContractConformance } from '../../test-support/contract-check';
import { at, rules } from '../../test-support/fixtures';
import { decideFileClassReport } from '../../report-chain/domain/class-report';
import { decideCompileCollegeReport } from '../../report-chain/domain/compile';
import { decideMissedDeadlines } from './deadlines';
import { evolveCollegeReport } from '../../report-chain/domain/evolve';
import {
  decideApproveCollegeReport,
  decideSubmitCollegeReport,
} from '../../report-chain/domain/review';
import {
  initialCollegeReportState,
  type CollegeReportState,
} from '../../report-chain/domain/state';

const day = '2022-01-05';
const empty = initialCollegeReportState('sem', day);
const expected = ['sem-2020-ug-01', 'sem-2020-ug-02'];
const students = new Set(['S1']);

const fileZero = (classCode: string, now: Date) => (r: CollegeReportState) =>
  decideFileClassReport(
    { collegeCode: 'sem', day, classCode, kind: 'zero', changes: [], filedBy: 'T-7' },
    { report: r, classStudents: students, now, today: day, rules },
  );
const missed = (step: ChainStep, now: Date) => (r: CollegeReportState) =>
  decideMissedDeadlines(
    { collegeCode: 'sem', day, step },
    { report: r, expectedClasses: expected, now, rules },
  );

function history(
  ...steps: ((r: CollegeReportState) => ReportingNewEvent[])[]
): ReportingNewEvent[] {
  let report = empty;
  const all: ReportingNewEvent[] = [];
  for (const step of steps) {
    const events = step(report);
    all.push(...events);
    report = events.reduce(evolveCollegeReport, report);
  }
  return all;
}

describe('missed deadlines', () => {
  it('decides nothing before the deadline', () => {
    given(empty, evolveCollegeReport)
      .when(missed('class-report', at('10:59')))
      .then([]);
  });

  it('records each class without an on-time report at 11:00, once', () => {
    const past = history(fileZero('sem-2020-ug-01', at('10:40')));
    given(empty, evolveCollegeReport, past)
      .when(missed('class-report', at('11:00')))
      .then([
        {
          type: 'DeadlineMissed',
          data: {
            day,
            collegeCode: 'sem',
            step: 'class-report',
            unitCode: 'sem-2020-ug-02',
            deadline: '2022-01-05T03:00:00.000Z',
          },
        },
      ]);
    // and once recorded, a second look (another replica, a restart) decides nothing
    const once = missed('class-report', at('11:01'))(past.reduce(evolveCollegeReport, empty));
    given(empty, evolveCollegeReport, [...past, ...once])
      .when(missed('class-report', at('11:02')))
      .then([]);
    expectContractConformance(once);
  });

  it('judges a class by its first report: late is missed even when seen after the fact', () => {
    const past = history(
      fileZero('sem-2020-ug-01', at('10:40')),
      fileZero('sem-2020-ug-02', at('11:20')),
    );
    const events = missed('class-report', at('11:30'))(past.reduce(evolveCollegeReport, empty));
    expect(events.map((e) => (e.data as { unitCode: string }).unitCode)).toEqual([
      'sem-2020-ug-02',
    ]);
  });

  it('records the first review and the submission against the college when not done in time', () => {
    const onTime = history(
      fileZero('sem-2020-ug-01', at('10:40')),
      fileZero('sem-2020-ug-02', at('10:41')),
      (r) =>
        decideCompileCollegeReport(
          { collegeCode: 'sem', day, compiledBy: 'L-1' },
          { report: r, expectedClasses: [], now: at('11:10'), today: day, rules },
        ),
      (r) =>
        decideApproveCollegeReport(
          { collegeCode: 'sem', day, approvedBy: 'D-1' },
          { report: r, now: at('11:50'), today: day, rules },
        ),
    );
    given(empty, evolveCollegeReport, onTime)
      .when(missed('first-review', at('12:00')))
      .then([]);
    given(empty, evolveCollegeReport, onTime)
      .when(missed('submission', at('13:00')))
      .then([
        {
          type: 'DeadlineMissed',
          data: {
            day,
            collegeCode: 'sem',
            step: 'submission',
            unitCode: 'sem',
            deadline: '2022-01-05T05:00:00.000Z',
          },
        },
      ]);
    const submittedLate = [
      ...onTime,
      ...decideSubmitCollegeReport(
        { collegeCode: 'sem', day, submittedBy: 'P-1' },
        { report: onTime.reduce(evolveCollegeReport, empty), now: at('13:05'), today: day, rules },
      ),
    ];
    expect(
      missed('submission', at('13:10'))(submittedLate.reduce(evolveCollegeReport, empty)),
    ).toHaveLength(1);
  });

  it('records a first review that never happened', () => {
    given(empty, evolveCollegeReport)
      .when(missed('first-review', at('12:00')))
      .then([
        {
          type: 'DeadlineMissed',
          data: {
            day,
            collegeCode: 'sem',
            step: 'first-review',
            unitCode: 'sem',
            deadline: '2022-01-05T04:00:00.000Z',
          },
        },
      ]);
  });
});
