import { summarise } from './report-chain.queries';
import { reportStepRules } from './report-chain.rules';

describe('report chain', () => {
  it('reads the report chain in reporting’s own event names', () => {
    expect(reportStepRules.map((r) => [r.step, r.type, r.deadline])).toEqual([
      ['filed', 'ClassReportFiled', '11:00'],
      ['compiled', 'CollegeReportCompiled', '12:00'],
      ['approved', 'CollegeReportApproved', '12:00'],
      ['sent-back', 'CollegeReportSentBack', null],
      ['reopened', 'CollegeReportReopened', null],
      ['submitted', 'CollegeReportSubmitted', '13:00'],
      ['deadline-missed', 'DeadlineMissed', null],
    ]);
  });

  it('summarises a report chain: who did each step, the late ones, where it stands', () => {
    const step = (s: string, actor: string, late = false) => ({
      step: s,
      classCode: null,
      actor,
      at: '2020-02-03T03:00:00.000Z',
      dueAt: null,
      late,
      type: 'x',
      seq: 1,
    });
    const summary = summarise([
      step('filed', 'c-1'),
      step('compiled', 'ls-1'),
      step('sent-back', 'dps-1'),
      step('deadline-missed', 'system', true),
    ]);
    expect(summary).toMatchObject({
      status: 'sent-back',
      filed: [{ actor: 'c-1' }],
      sentBack: [{ actor: 'dps-1' }],
      submitted: null,
    });
    expect(summary.lateSteps).toHaveLength(1);
    expect(summarise([]).status).toBe('nothing-filed');
  });
});
