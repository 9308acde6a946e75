import { summarise } from './view-queries';
import { viewDefinitions, viewTable, VIEW_NAMES } from './view-definitions';
import { reportStepRules } from './vocabulary';

describe('view definitions', () => {
  it('names one table per version of a view', () => {
    expect(viewTable('student_timeline', 3)).toBe('view_student_timeline_v3');
    expect(() => viewTable('student_timeline', 0)).toThrow();
  });

  it('takes every fact from the log rows it is given, stamped with their position', () => {
    for (const name of VIEW_NAMES) {
      const sql = viewDefinitions[name].factsFrom('ins', 'true');
      expect(sql).toContain('FROM ins l');
      expect(sql).toContain('l.seq');
      expect(viewDefinitions[name].columns.some((c) => c.startsWith('seq '))).toBe(true);
    }
  });

  it('names the one context a view takes facts from only where its SELECT filters on it', () => {
    for (const name of VIEW_NAMES) {
      const def = viewDefinitions[name];
      const sql = def.factsFrom('audit_log', 'true');
      if (def.context === undefined) expect(sql).not.toContain('l.context =');
      else expect(sql).toContain(`l.context = '${def.context}'`);
    }
  });

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
