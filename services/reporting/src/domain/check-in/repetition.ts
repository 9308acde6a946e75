import { addDays } from '../reporting-day';
import { answersKey } from './answers';
import type { CheckInRecord } from './state';

export interface RepetitionRun {
  /** First day of the run. */
  since: string;
  /** Days in the run, each with the same answers as the day before. */
  days: number;
}

/**
 * The run of consecutive days around `day` whose answers are word for word the same: the
 * days before it back to the first different (or missing) one, and the days after it.
 */
export function repetitionRunAround(record: CheckInRecord, day: string): RepetitionRun {
  const answers = record.days.get(day)?.answers;
  if (!answers) return { since: day, days: 0 };
  const key = answersKey(answers);
  const same = (d: string) => {
    const other = record.days.get(d)?.answers;
    return other !== null && other !== undefined && answersKey(other) === key;
  };
  let since = day;
  while (same(addDays(since, -1))) since = addDays(since, -1);
  let until = day;
  while (same(addDays(until, 1))) until = addDays(until, 1);
  let days = 1;
  for (let d = since; d !== until; d = addDays(d, 1)) days += 1;
  return { since, days };
}
