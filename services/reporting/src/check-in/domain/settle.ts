import { addDays } from '../../rules/domain/reporting-day';
import { maxBackfillDays } from '../../rules/domain/rules';
import { sameAnswers } from './answers';
import type { AnswersRun, CheckInRecord, ReportingDayRecord } from './state';

/**
 * Days a record keeps whole behind the latest day it has seen: as far back as any late
 * check-in may be filed, and a day more on each side for replicas whose clocks straddle
 * midnight. Older days can no longer change by a check-in.
 */
export const KEPT_DAYS = maxBackfillDays + 2;

/**
 * Settles the days more than `KEPT_DAYS` before `latestDay`: their answers fold, in day
 * order, into the run the settled days end with, and they leave the record, except a
 * non-responder's day, which follow-ups may still be logged for. Flagged runs that no run can
 * start on any more are dropped. A pure function of the events folded so far, so a snapshot
 * and the whole stream give the same record.
 */
export function settleEarlierDays(record: CheckInRecord, latestDay: string): CheckInRecord {
  const through = addDays(latestDay, -KEPT_DAYS);
  const before = record.earlier?.through ?? null;
  if (before !== null && through <= before) return record;
  // Usually one day (the one that just fell out of the kept days): no array work for that.
  const settling: [string, ReportingDayRecord][] = [];
  for (const entry of record.days) {
    const d = entry[0];
    if (d <= through && (before === null || d > before)) settling.push(entry);
  }
  if (settling.length === 0) return record;
  if (settling.length > 1) settling.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));

  let run: AnswersRun | null = record.earlier?.run ?? null;
  const days = new Map(record.days);
  for (const [day, kept] of settling) {
    if (kept.answers) {
      run =
        run !== null && run.until === addDays(day, -1) && sameAnswers(run.answers, kept.answers)
          ? { ...run, until: day }
          : { since: day, until: day, answers: kept.answers };
    }
    if (!kept.nonResponder) days.delete(day);
  }
  const flaggedRuns = new Set(
    [...record.flaggedRuns].filter((since) => since > through || since === run?.since),
  );
  return { ...record, days, earlier: { through, run }, flaggedRuns };
}
