// Mass-testing round bench: plan a round for 50,000 students on campus and reconcile two
// tallies of 50,000, printing the times against the 5 s target (issue #4). Standalone, no
// database: `npx tsx --tsconfig tsconfig.base.json test/bench/testing-round.ts`.
// BENCH_ROUND_STUDENTS, BENCH_ROUND_DISCREPANCIES and BENCH_ROUND_RUNS change the workload.
import { cpus } from 'node:os';
import { performance } from 'node:perf_hooks';
import {
  decidePlanRound,
  decideReconcile,
  decideRecordResults,
  decideRecordSampling,
  decideSubmitClassTally,
  decideSubmitDormTally,
  evolveTestRound,
  groupsOf,
  initialTestRoundState,
  planRound,
  reconcile,
  type TestingNewEvent,
  type TestRoundState,
} from '../../services/reporting/src/testing-round/domain';
import { planViolations } from '../../services/reporting/src/testing-round/test-support/plan-invariants';
import {
  sampleDorms,
  sampleTallies,
} from '../../services/reporting/src/testing-round/test-support/sample-dorms';
import { at } from './checked';

const TARGET_MS = 5000;
const students = Number(process.env.BENCH_ROUND_STUDENTS) || 50_000;
const seededPerLine = Number(process.env.BENCH_ROUND_DISCREPANCIES) || 150;
const runs = Number(process.env.BENCH_ROUND_RUNS) || 3;

function timed<T>(work: () => T): { result: T; ms: number } {
  const started = performance.now();
  const result = work();
  return { result, ms: performance.now() - started };
}

/** First (cold) run and the median of `runs` runs. */
function measure<T>(work: () => T): { result: T; coldMs: number; medianMs: number } {
  const first = timed(work);
  const times = [first.ms];
  for (let i = 1; i < runs; i += 1) times.push(timed(work).ms);
  times.sort((a, b) => a - b);
  return {
    result: first.result,
    coldMs: first.ms,
    medianMs: at(times, Math.floor(times.length / 2)),
  };
}

const rows: { figure: string; coldMs: number; medianMs: number | null; target: boolean }[] = [];
const row = (figure: string, coldMs: number, medianMs: number | null, target = false) =>
  rows.push({ figure, coldMs, medianMs, target });
const fmt = (ms: number) => `${ms.toFixed(0)} ms`;

function main(): void {
  console.log(
    `testing-round bench: ${students} students, ${2 * seededPerLine} seeded discrepancies, ` +
      `${runs} runs; Node ${process.version}, ${cpus().length} cores`,
  );
  const generated = timed(() => sampleDorms({ students, communities: 12 }));
  const dorms = generated.result;
  row('generate the campus (not a target)', generated.ms, null);

  // 1. planRound: validation, dorm-line sort, packing, routes.
  const routes = dorms.routes;
  const plan = measure(() =>
    planRound({
      roundId: 'bench-1',
      date: '2022-01-05',
      communities: 'all',
      students: dorms.students,
      routes,
      firstStart: '07:00',
      intervalMinutes: 4,
      slotMinutes: 12,
    }),
  );
  row(`planRound, ${students} students`, plan.coldMs, plan.medianMs, true);
  const violations = planViolations(plan.result.groups, dorms.students, 40);
  const groupCount = plan.result.groups.length;
  const lastEnd = plan.result.groups.map((g) => g.end).sort()[groupCount - 1];

  // 2. reconcile: two tallies of 50,000 minus the seeded students, compared by name.
  const tallies = sampleTallies(dorms, seededPerLine);
  const roster = new Map(dorms.students.map((s) => [s.studentNumber, s]));
  const reconciled = measure(() => reconcile(tallies.classTallies, tallies.dormTallies, roster));
  row(
    `reconcile, ${tallies.classTallies.length} class + ${tallies.dormTallies.length} dorm tallies`,
    reconciled.coldMs,
    reconciled.medianMs,
    true,
  );
  const found = reconciled.result.discrepancies.length;

  // 3. The same through the aggregate, as the service will run it (decide, fold), once.
  const events: TestingNewEvent[] = [];
  let state: TestRoundState = initialTestRoundState('bench-1');
  const run = (decide: (s: TestRoundState) => TestingNewEvent[]) => {
    const decided = decide(state);
    events.push(...decided);
    state = decided.reduce(evolveTestRound, state);
  };
  const planned = timed(() =>
    run((s) =>
      decidePlanRound(
        {
          roundId: 'bench-1',
          date: '2022-01-05',
          communities: 'all',
          students: dorms.students,
          routes,
          firstStart: '07:00',
          intervalMinutes: 4,
          slotMinutes: 12,
          plannedBy: 'office-1',
        },
        s,
      ),
    ),
  );
  row(`decidePlanRound + fold (${events.length} events)`, planned.ms, null);
  if (state.status !== 'open') throw new Error('round not planned');
  const sampled = timed(() => {
    for (const group of groupsOf(state as Extract<TestRoundState, { status: 'open' }>)) {
      run((s) =>
        decideRecordSampling(
          {
            roundId: 'bench-1',
            groupId: group.groupId,
            studentNumbers: group.students.map((x) => x.studentNumber),
            sampledAt: new Date('2022-01-05T00:00:00Z'),
          },
          s,
        ),
      );
    }
  });
  row(`sample every group (${groupCount} commands)`, sampled.ms, null);
  const lab = timed(() => {
    const batch = 2000;
    for (let at = 0; at < dorms.students.length; at += batch) {
      const results = dorms.students.slice(at, at + batch).map((x, i) => ({
        studentNumber: x.studentNumber,
        result: (at + i) % 997 === 0 ? ('positive' as const) : ('negative' as const),
      }));
      run((s) =>
        decideRecordResults(
          { roundId: 'bench-1', results, reportedAt: new Date('2022-01-05T06:00:00Z') },
          s,
        ),
      );
    }
  });
  row(`record ${dorms.students.length} results (batches of 2,000)`, lab.ms, null);
  const submitted = timed(() => {
    const submittedAt = new Date('2022-01-05T09:00:00Z');
    for (const t of tallies.classTallies) {
      const counsellor = { actorId: 'cc', classes: [t.classCode], communities: [] };
      run((s) => decideSubmitClassTally({ roundId: 'bench-1', ...t, counsellor, submittedAt }, s));
    }
    for (const t of tallies.dormTallies) {
      const community = dorms.communityOf.get(t.buildingCode)!;
      const counsellor = { actorId: 'cm', classes: [], communities: [community] };
      run((s) => decideSubmitDormTally({ roundId: 'bench-1', ...t, counsellor, submittedAt }, s));
    }
  });
  row(
    `submit ${tallies.classTallies.length + tallies.dormTallies.length} tallies (commands)`,
    submitted.ms,
    null,
  );
  const decided = timed(() =>
    run((s) =>
      decideReconcile(
        { roundId: 'bench-1', reconciledBy: 'cm', reconciledAt: new Date('2022-01-05T10:00Z') },
        s,
      ),
    ),
  );
  row('decideReconcile + fold', decided.ms, null);
  const refold = timed(() => events.reduce(evolveTestRound, initialTestRoundState('bench-1')));
  row(`fold the whole stream from scratch (${events.length} events)`, refold.ms, null);

  console.log('');
  const width = Math.max(...rows.map((r) => r.figure.length));
  console.log(`${'figure'.padEnd(width)}  ${'cold'.padStart(9)}  ${'median'.padStart(9)}  target`);
  for (const r of rows) {
    const target = r.target
      ? `${Math.max(r.coldMs, r.medianMs ?? 0) < TARGET_MS ? 'met' : 'MISSED'} (< ${TARGET_MS / 1000} s)`
      : '';
    console.log(
      `${r.figure.padEnd(width)}  ${fmt(r.coldMs).padStart(9)}  ${(r.medianMs === null ? '' : fmt(r.medianMs)).padStart(9)}  ${target}`,
    );
  }
  console.log('');
  console.log(
    `plan: ${groupCount} groups, ${plan.result.studentCount} students, last group ends ${lastEnd}, ` +
      `invariants ${violations.length === 0 ? 'hold' : `BROKEN (${violations.slice(0, 3).join('; ')})`}`,
  );
  const expected = 2 * seededPerLine;
  console.log(
    `reconcile: ${found} discrepancies found by name (seeded ${expected}): ` +
      `${found === expected ? 'all found' : 'MISMATCH'}; totals ${reconciled.result.totals.classLine} / ${reconciled.result.totals.dormLine}`,
  );
  const missed = rows.some((r) => r.target && Math.max(r.coldMs, r.medianMs ?? 0) >= TARGET_MS);
  if (violations.length > 0 || found !== expected || missed) process.exitCode = 1;
}

main();
