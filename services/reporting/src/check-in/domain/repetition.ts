import { addDays } from '../../rules/domain/reporting-day';
import { sameAnswers } from './answers';
import { answersOn, type CheckInRecord } from './state';

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
  const answers = answersOn(record, day);
  if (!answers) return { since: day, days: 0 };
  const same = (d: string) => {
    const other = answersOn(record, d);
    return other !== null && sameAnswers(other, answers);
  };
  let since = day;
  while (same(addDays(since, -1))) since = addDays(since, -1);
  let until = day;
  while (same(addDays(until, 1))) until = addDays(until, 1);
  let days = 1;
  for (let d = since; d !== until; d = addDays(d, 1)) days += 1;
  return { since, days };
}
