import { viewDefinitions, viewTable } from './view-catalogue';
import { VIEW_NAMES } from './view-definition';

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
});
