import { summarise } from './report-chain.queries';
import { reportChain } from './report-chain.projection';
import { reportStepRules } from './report-chain.rules';

describe('report chain', () => {
  it('reads the report chain in reporting’s own event names', () => {
    expect(reportStepRules.map((r) => [r.step, r.type, r.chainStep])).toEqual([
      ['filed', 'ClassReportFiled', 'class-report'],
      ['compiled', 'CollegeReportCompiled', 'first-review'],
      ['approved', 'CollegeReportApproved', 'first-review'],
      ['sent-back', 'CollegeReportSentBack', null],
      ['reopened', 'CollegeReportReopened', null],
      ['submitted', 'CollegeReportSubmitted', 'submission'],
      ['deadline-missed', 'DeadlineMissed', null],
    ]);
  });

  it('copies none of reporting’s deadlines: due times come from its events', () => {
    const sql = reportChain.factsFrom('audit_log', 'true');
    expect(sql).not.toMatch(/1[0-3]:00/);
    expect(sql).toContain("audit_try_instant(x.d->>'deadline')");
    expect(reportChain.revision).toBeGreaterThan(1);
  });

  it('summarises a report chain: who did each step, the late ones, where it stands', () => {
    const step = (s: string, actor: string, late = false) => ({
      step: s,
      chainStep: null,
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
