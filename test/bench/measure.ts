import { performance } from 'node:perf_hooks';
import { at } from './checked';

/** One measured figure, or one round of it. */
export interface Rate {
  ops: number;
  seconds: number;
  /** ops/s; for a figure of several rounds, the median of the rounds' rates. */
  perSecond: number;
  /** Slowest and fastest round, when the figure has several. */
  min?: number;
  max?: number;
  /** True when the workload ran out of prepared work before the time was up. */
  exhausted?: boolean;
  /** CPU time of this (the bench's Node) process over wall time: 1.0 is one core busy. */
  nodeCpu?: number | undefined;
}

export function rateOf(ops: number, seconds: number, exhausted = false): Rate {
  return { ops, seconds, perSecond: seconds > 0 ? ops / seconds : 0, exhausted };
}

/** CPU seconds used by this process so far. */
function cpuSeconds(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? at(sorted, mid) : (at(sorted, mid - 1) + at(sorted, mid)) / 2;
}

/**
 * A figure from its rounds: the median round rate (robust to a round disturbed by other load
 * on the machine), with the spread, the total ops and seconds, and the mean CPU share.
 */
export function combine(rounds: Rate[]): Rate {
  const rates = rounds.map((r) => r.perSecond);
  const cpu = rounds.map((r) => r.nodeCpu).filter((c): c is number => c !== undefined);
  return {
    ops: rounds.reduce((sum, r) => sum + r.ops, 0),
    seconds: rounds.reduce((sum, r) => sum + r.seconds, 0),
    perSecond: median(rates),
    min: Math.min(...rates),
    max: Math.max(...rates),
    exhausted: rounds.some((r) => r.exhausted),
    nodeCpu: cpu.length ? cpu.reduce((a, b) => a + b, 0) / cpu.length : undefined,
  };
}

/**
 * Closed loop: `writers` concurrent loops each run `op` back to back. Operations completed
 * during the warm-up are not counted; the rate is operations completed in the measured window
 * over its length. `op` returns false when it has no more work (the loops then stop and the
 * figure says so).
 */
export async function closedLoop(
  writers: number,
  seconds: number,
  warmupSeconds: number,
  op: (writer: number) => Promise<boolean | void>,
): Promise<Rate> {
  const start = performance.now();
  const measureFrom = start + warmupSeconds * 1000;
  const end = measureFrom + seconds * 1000;
  let counted = 0;
  let exhaustedAt: number | null = null;
  let cpuFrom: number | null = null;
  const warm = setTimeout(() => (cpuFrom = cpuSeconds()), warmupSeconds * 1000);
  const loop = async (writer: number): Promise<void> => {
    while (performance.now() < end && exhaustedAt === null) {
      if ((await op(writer)) === false) {
        exhaustedAt ??= performance.now();
        return;
      }
      const done = performance.now();
      if (done >= measureFrom && done <= end) counted += 1;
    }
  };
  await Promise.all(Array.from({ length: writers }, (_, w) => loop(w)));
  clearTimeout(warm);
  const cpu = cpuSeconds() - (cpuFrom ?? cpuSeconds());
  const wall = (performance.now() - Math.max(measureFrom, start)) / 1000;
  const stop = Math.min(end, exhaustedAt ?? end);
  const rate = rateOf(counted, Math.max(0, stop - measureFrom) / 1000, exhaustedAt !== null);
  return { ...rate, nodeCpu: wall > 0 ? cpu / wall : undefined };
}

/** Times one run of `work`, which returns how many operations it did. */
export async function timed(work: () => Promise<number>): Promise<Rate> {
  const start = performance.now();
  const cpuFrom = cpuSeconds();
  const ops = await work();
  const seconds = (performance.now() - start) / 1000;
  return { ...rateOf(ops, seconds), nodeCpu: (cpuSeconds() - cpuFrom) / seconds };
}

/** Runs `fn` over `items` with at most `concurrency` at once (set-up work, not measured). */
export async function forEachConcurrent<T>(
  items: readonly T[],
  concurrency: number,
  fn: (item: T, index: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      await fn(at(items, index), index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
}
