import { given, rejectionOf } from '@bulwark/decider';
import type { ReportingNewEvent } from '../../rules/domain/events';
import { expectContractConformance } from '../../test-support/contract-check';
import { at, rules, typesOf } from '../../test-support/fixtures';
import { decideFileClassReport } from './class-report';
import type { ExpectedClass, FileClassReport } from './commands';
import { decideCompileCollegeReport } from './compile';
import { evolveCollegeReport } from './evolve';
import { decideReopenCollegeReport } from './reopen';
import {
  decideApproveCollegeReport,
  decideSendBackCollegeReport,
  decideSubmitCollegeReport,
} from './review';
import { initialCollegeReportState, type CollegeReportState } from './state';
import { defined } from '../../test-support/defined';

const day = '2022-01-05';
const empty = initialCollegeReportState('sem', day);
const classes: ExpectedClass[] = [
  { classCode: 'sem-2020-ug-01', name: '2020级本科1班' },
  { classCode: 'sem-2020-ug-02', name: '2020级本科2班' },
  { classCode: 'sem-2021-mba-01', name: '2021级MBA1班' },
];
const studentsOf: Record<string, Set<string>> = {
  'sem-2020-ug-01': new Set(['S1', 'S2']),
  'sem-2020-ug-02': new Set(['S3']),
  'sem-2021-mba-01': new Set(['M1']),
};

const zero = (classCode: string): FileClassReport => ({
  collegeCode: 'sem',
  day,
  classCode,
  kind: 'zero',
  changes: [],
  filedBy: 'T-7',
});
const withChanges = (classCode: string, studentNumber: string): FileClassReport => ({
  ...zero(classCode),
  kind: 'changes',
  changes: [{ studentNumber, category: 'location', description: 'moved from Wuhan to Beijing' }],
});

const file = (report: CollegeReportState, command: FileClassReport, now = at('10:30')) =>
  decideFileClassReport(command, {
    report,
    classStudents: studentsOf[command.classCode] ?? null,
    now,
    today: day,
    rules,
  });
const compile = (report: CollegeReportState, now = at('11:30')) =>
  decideCompileCollegeReport(
    { collegeCode: 'sem', day, compiledBy: 'L-1' },
    { report, expectedClasses: classes, now, today: day, rules },
  );
const approve = (report: CollegeReportState, now = at('11:45')) =>
  decideApproveCollegeReport(
    { collegeCode: 'sem', day, approvedBy: 'D-1' },
    { report, now, today: day, rules },
  );
const submit = (report: CollegeReportState, now = at('12:30')) =>
  decideSubmitCollegeReport(
    { collegeCode: 'sem', day, submittedBy: 'P-1' },
    { report, now, today: day, rules },
  );
const sendBack = (
  report: CollegeReportState,
  step: 'first-review' | 'second-review',
  reason: unknown = 'counts do not add up',
) =>
  decideSendBackCollegeReport(
    { collegeCode: 'sem', day, step, reason, sentBackBy: step === 'first-review' ? 'D-1' : 'P-1' },
    { report, today: day },
  );
const reopen = (report: CollegeReportState, reason: unknown = 'a student was counted twice') =>
  decideReopenCollegeReport(
    { collegeCode: 'sem', day, reason, reopenedBy: 'P-1' },
    { report, today: day },
  );

/** Applies decisions one after another, each on the state the previous left. */
function chain(...steps: ((report: CollegeReportState) => ReportingNewEvent[])[]): {
  events: ReportingNewEvent[];
  report: CollegeReportState;
} {
  let report = empty;
  const events: ReportingNewEvent[] = [];
  for (const step of steps) {
    const decided = step(report);
    events.push(...decided);
    report = decided.reduce(evolveCollegeReport, report);
  }
  return { events, report };
}

const allFiled = [
  (r: CollegeReportState) => file(r, zero('sem-2020-ug-01')),
  (r: CollegeReportState) => file(r, withChanges('sem-2020-ug-02', 'S3')),
  (r: CollegeReportState) => file(r, zero('sem-2021-mba-01')),
];

describe('class reports', () => {
  it('files an explicit zero report: kind zero, no changes, on time', () => {
    given(empty, evolveCollegeReport)
      .when((report) => file(report, zero('sem-2020-ug-01')))
      .then([
        {
          type: 'ClassReportFiled',
          data: {
            day,
            collegeCode: 'sem',
            classCode: 'sem-2020-ug-01',
            kind: 'zero',
            changes: [],
            filedBy: 'T-7',
            filing: 1,
            lateByMinutes: 0,
          },
        },
      ]);
  });

  it('files a report with changes, and keeps how late it came', () => {
    const events = file(empty, withChanges('sem-2020-ug-01', 'S2'), at('11:20'));
    expect(defined(events[0]).data).toMatchObject({ kind: 'changes', lateByMinutes: 20 });
    expect((defined(events[0]).data as { changes: unknown[] }).changes).toHaveLength(1);
    expectContractConformance(events);
  });

  it('never confuses zero and changes: a zero report with changes, or changes without any, is refused (400)', () => {
    expect(
      rejectionOf(() => file(empty, { ...withChanges('sem-2020-ug-01', 'S1'), kind: 'zero' })),
    ).toMatchObject({
      kind: 'invalid',
      field: 'changes',
    });
    expect(
      rejectionOf(() => file(empty, { ...zero('sem-2020-ug-01'), kind: 'changes' })),
    ).toMatchObject({
      kind: 'invalid',
      field: 'changes',
    });
    expect(
      rejectionOf(() => file(empty, { ...zero('sem-2020-ug-01'), kind: 'nothing' })),
    ).toMatchObject({
      kind: 'invalid',
      field: 'kind',
    });
  });

  it('refuses a change about a student of another class, and a class not of this college (400)', () => {
    expect(rejectionOf(() => file(empty, withChanges('sem-2020-ug-01', 'S3')))).toMatchObject({
      kind: 'invalid',
      field: 'changes.0.studentNumber',
    });
    expect(rejectionOf(() => file(empty, zero('law-2020-01')))).toMatchObject({
      kind: 'invalid',
      field: 'classCode',
    });
  });

  it('refuses a day in the future (400 day)', () => {
    expect(
      rejectionOf(() => file(empty, { ...zero('sem-2020-ug-01'), day: '2022-01-06' })),
    ).toMatchObject({
      kind: 'invalid',
      field: 'day',
    });
  });

  it('lets a counsellor file again before compilation: the new report replaces the old', () => {
    const { events, report } = chain(
      (r) => file(r, zero('sem-2020-ug-01')),
      (r) => file(r, withChanges('sem-2020-ug-01', 'S1'), at('10:50')),
    );
    expect(defined(events[1]).data).toMatchObject({ filing: 2, kind: 'changes' });
    expect(report.classReports.get('sem-2020-ug-01')).toMatchObject({ kind: 'changes', filing: 2 });
  });
});

describe('compiling the college report', () => {
  it('refuses while a class is missing, naming every missing class; a zero report is not missing', () => {
    const { report } = chain((r) => file(r, zero('sem-2020-ug-01')));
    const rejection = rejectionOf(() => compile(report));
    expect(rejection.kind).toBe('conflict');
    expect(rejection.message).toContain('2020级本科2班 (sem-2020-ug-02)');
    expect(rejection.message).toContain('2021级MBA1班 (sem-2021-mba-01)');
    expect(rejection.message).not.toContain('sem-2020-ug-01');
    expect(rejection.details).toEqual({
      missingClasses: [
        { classCode: 'sem-2020-ug-02', name: '2020级本科2班' },
        { classCode: 'sem-2021-mba-01', name: '2021级MBA1班' },
      ],
    });
  });

  it('compiles once every class reported, counting zero reports and reports with changes apart', () => {
    const { events } = chain(...allFiled, (r) => compile(r));
    expect(events.at(-1)).toEqual({
      type: 'CollegeReportCompiled',
      schemaVersion: 1,
      data: {
        day,
        collegeCode: 'sem',
        classes: [
          { classCode: 'sem-2020-ug-01', kind: 'zero', changes: 0 },
          { classCode: 'sem-2020-ug-02', kind: 'changes', changes: 1 },
          { classCode: 'sem-2021-mba-01', kind: 'zero', changes: 0 },
        ],
        zeroReports: 2,
        reportsWithChanges: 1,
        compiledBy: 'L-1',
        pass: 1,
        lateByMinutes: 0,
      },
    });
    expectContractConformance(events);
  });

  it('locks class reports once compiled (409): only a send-back or a reopen unlocks them', () => {
    const { report } = chain(...allFiled, (r) => compile(r));
    expect(rejectionOf(() => file(report, zero('sem-2020-ug-01')))).toMatchObject({
      kind: 'conflict',
      field: 'classCode',
    });
    expect(rejectionOf(() => compile(report)).kind).toBe('conflict');
  });
});

describe('the reviews and the submission', () => {
  it('goes compiled -> approved -> submitted, recording who and how late at each step', () => {
    const { events, report } = chain(
      ...allFiled,
      (r) => compile(r),
      (r) => approve(r, at('12:10')),
      (r) => submit(r, at('12:40')),
    );
    expect(typesOf(events.slice(3))).toEqual([
      'CollegeReportCompiled',
      'CollegeReportApproved',
      'CollegeReportSubmitted',
    ]);
    expect(defined(events[4]).data).toEqual({
      day,
      collegeCode: 'sem',
      approvedBy: 'D-1',
      pass: 1,
      lateByMinutes: 10,
    });
    expect(defined(events[5]).data).toEqual({
      day,
      collegeCode: 'sem',
      submittedBy: 'P-1',
      pass: 1,
      lateByMinutes: 0,
    });
    expect(report.status).toBe('submitted');
    expectContractConformance(events);
  });

  it('keeps the order: no approval before compilation, no submission before approval (409)', () => {
    expect(rejectionOf(() => approve(empty)).kind).toBe('conflict');
    const { report } = chain(...allFiled, (r) => compile(r));
    expect(rejectionOf(() => submit(report)).kind).toBe('conflict');
  });

  it('sent back at the first review, the counsellor re-files and the chain runs again as pass 2', () => {
    const { events, report } = chain(
      ...allFiled,
      (r) => compile(r),
      (r) => sendBack(r, 'first-review', '2班 counts do not add up'),
      (r) => file(r, zero('sem-2020-ug-02')),
      (r) => compile(r),
      (r) => approve(r),
    );
    expect(defined(events[4]).data).toEqual({
      day,
      collegeCode: 'sem',
      step: 'first-review',
      reason: '2班 counts do not add up',
      sentBackBy: 'D-1',
      pass: 1,
    });
    expect(defined(events[5]).data).toMatchObject({
      classCode: 'sem-2020-ug-02',
      filing: 2,
      kind: 'zero',
    });
    expect(defined(events[6]).data).toMatchObject({
      pass: 2,
      zeroReports: 3,
      reportsWithChanges: 0,
    });
    expect(report).toMatchObject({ status: 'approved', pass: 2 });
  });

  it('the party secretary sends an approved report back; a send-back needs a reason (400)', () => {
    const { report } = chain(
      ...allFiled,
      (r) => compile(r),
      (r) => approve(r),
    );
    expect(rejectionOf(() => sendBack(report, 'second-review', '  ')).field).toBe('reason');
    expect(rejectionOf(() => sendBack(report, 'first-review')).kind).toBe('conflict');
    expect(typesOf(sendBack(report, 'second-review'))).toEqual(['CollegeReportSentBack']);
  });
});

describe('reopening a report', () => {
  const submitted = chain(
    ...allFiled,
    (r) => compile(r),
    (r) => approve(r),
    (r) => submit(r),
  ).report;

  it('a submitted report is locked: a class report is refused until it is reopened (409)', () => {
    const rejection = rejectionOf(() =>
      file(submitted, withChanges('sem-2020-ug-01', 'S1'), at('14:00')),
    );
    expect(rejection.kind).toBe('conflict');
    expect(rejection.message).toContain('reopen');
  });

  it('an approved report cannot be changed without a reopen (409)', () => {
    const approved = chain(
      ...allFiled,
      (r) => compile(r),
      (r) => approve(r),
    ).report;
    expect(rejectionOf(() => file(approved, zero('sem-2020-ug-01'))).kind).toBe('conflict');
  });

  it('reopens with a reason, recorded; the report must pass the whole chain again', () => {
    const reopened = reopen(submitted);
    expect(reopened).toEqual([
      expect.objectContaining({
        type: 'CollegeReportReopened',
        data: {
          day,
          collegeCode: 'sem',
          reason: 'a student was counted twice',
          reopenedBy: 'P-1',
          previousStatus: 'submitted',
          pass: 2,
        },
      }),
    ]);
    const after = reopened.reduce(evolveCollegeReport, submitted);
    expect(typesOf(file(after, withChanges('sem-2020-ug-01', 'S1'), at('14:00')))).toEqual([
      'ClassReportFiled',
    ]);
    expect(rejectionOf(() => submit(after)).kind).toBe('conflict');
    expect(rejectionOf(() => approve(after)).kind).toBe('conflict');
    expectContractConformance(reopened);
  });

  it('refuses a reopen without a reason (400) or of a report still open (409)', () => {
    expect(rejectionOf(() => reopen(submitted, '')).field).toBe('reason');
    expect(rejectionOf(() => reopen(empty)).kind).toBe('conflict');
  });
});
