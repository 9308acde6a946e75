import type { AsOf, ViewReads } from '../view-reads';

/** One college's report chain on one day: every step in order, and the late ones. */
export function collegeReportChain(
  reads: ViewReads,
  collegeCode: string,
  reportDate: string,
  asOf: AsOf,
) {
  return reads.read('report_chain', asOf, async (table, p) => {
    const { rows } = await reads.query(
      `SELECT step, class_code, actor, occurred_at, due_at, late, type, seq FROM ${table}
        WHERE college_code = $1 AND report_date = $2 AND seq <= $3 ORDER BY occurred_at, seq`,
      [collegeCode, reportDate, p.seq],
    );
    const steps = rows.map(step);
    return { collegeCode, reportDate, ...summarise(steps), steps };
  });
}

/** Every college's report chain on one day, summarised. */
export function reportDay(reads: ViewReads, reportDate: string, asOf: AsOf) {
  return reads.read('report_chain', asOf, async (table, p) => {
    const { rows } = await reads.query(
      `SELECT college_code, step, class_code, actor, occurred_at, due_at, late, type, seq FROM ${table}
        WHERE report_date = $1 AND seq <= $2 ORDER BY college_code, occurred_at, seq`,
      [reportDate, p.seq],
    );
    const byCollege = new Map<string, ChainStep[]>();
    for (const r of rows) {
      const list = byCollege.get(r.college_code) ?? [];
      list.push(step(r));
      byCollege.set(r.college_code, list);
    }
    return {
      reportDate,
      colleges: [...byCollege].map(([collegeCode, steps]) => ({
        collegeCode,
        ...summarise(steps),
      })),
    };
  });
}

type ChainStep = ReturnType<typeof step>;

function step(r: Record<string, unknown>) {
  return {
    step: r.step as string,
    classCode: (r.class_code as string | null) ?? null,
    actor: r.actor as string,
    at: (r.occurred_at as Date).toISOString(),
    dueAt: r.due_at ? (r.due_at as Date).toISOString() : null,
    late: r.late as boolean,
    type: r.type as string,
    seq: Number(r.seq),
  };
}

/** Who filed, compiled, approved, sent back and submitted, and which steps came late. */
export function summarise(steps: ChainStep[]) {
  const by = (name: string) => steps.filter((s) => s.step === name);
  const who = (list: ChainStep[]) =>
    list.map((s) => ({ actor: s.actor, at: s.at, late: s.late, classCode: s.classCode }));
  const submitted = by('submitted').at(-1) ?? null;
  return {
    status: steps.filter((s) => s.step !== 'deadline-missed').at(-1)?.step ?? 'nothing-filed',
    filed: who(by('filed')),
    compiled: who(by('compiled')),
    approved: who(by('approved')),
    sentBack: who(by('sent-back')),
    reopened: who(by('reopened')),
    submitted: submitted
      ? { actor: submitted.actor, at: submitted.at, late: submitted.late }
      : null,
    lateSteps: steps.filter((s) => s.late),
  };
}
