import { DEADLINE_MISSED } from '@bulwark/contracts';
import { lit } from '../view-definition';
import type { AsOf, ViewReads } from '../view-reads';

/**
 * A step's facts with its due time: the deadline its own DeadlineMissed carries, else the one
 * a DeadlineMissed of the same chain step of that college and day carries (the same unit's
 * first), else null: reporting's deadlines are known only from its events.
 */
const stepsOf = (table: string) => `
  SELECT v.college_code, v.step, v.class_code, v.actor, v.occurred_at, v.late, v.type, v.seq, v.chain_step,
         coalesce(v.due_at, (
           SELECT m.due_at FROM ${table} m
            WHERE m.college_code = v.college_code AND m.report_date = v.report_date
              AND m.type = ${lit(DEADLINE_MISSED)} AND m.chain_step = v.chain_step
              AND m.due_at IS NOT NULL AND m.seq <= $2
            ORDER BY (m.class_code IS NOT DISTINCT FROM v.class_code) DESC, m.seq LIMIT 1)) AS due_at
    FROM ${table} v`;

/** One college's report chain on one day: every step in order, and the late ones. */
export function collegeReportChain(
  reads: ViewReads,
  collegeCode: string,
  reportDate: string,
  asOf: AsOf,
) {
  return reads.read('report_chain', asOf, async (table, p, db) => {
    const { rows } = await db.query(
      `${stepsOf(table)}
        WHERE v.report_date = $1 AND v.seq <= $2 AND v.college_code = $3 ORDER BY v.occurred_at, v.seq`,
      [reportDate, p.seq, collegeCode],
    );
    const steps = rows.map(step);
    return { collegeCode, reportDate, ...summarise(steps), steps };
  });
}

/** Every college's report chain on one day, summarised. */
export function reportDay(reads: ViewReads, reportDate: string, asOf: AsOf) {
  return reads.read('report_chain', asOf, async (table, p, db) => {
    const { rows } = await db.query(
      `${stepsOf(table)}
        WHERE v.report_date = $1 AND v.seq <= $2 ORDER BY v.college_code, v.occurred_at, v.seq`,
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
    /** Which of reporting's deadlines the step answers to; a DeadlineMissed's, the one missed. */
    chainStep: (r.chain_step as string | null) ?? null,
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
