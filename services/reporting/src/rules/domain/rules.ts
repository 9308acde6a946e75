import type { ChainStep } from '@bulwark/contracts';
import { instantOf } from './reporting-day';

/**
 * The university's reporting rules (configurable per university): its time zone, the
 * deadline of each step of the report chain, the fever threshold, how many identical days in
 * a row make a repetitive check-in, and how far back a counsellor may file a late check-in.
 */
export interface ReportingRules {
  /** IANA time zone of the university, e.g. Asia/Shanghai. */
  readonly timeZone: string;
  /** Wall-clock `HH:MM` per step, in the university's time zone. */
  readonly deadlines: Readonly<Record<ChainStep, string>>;
  readonly feverThresholdC: number;
  readonly repetitionFlagDays: number;
  /** Days before today a counsellor may still submit a check-in for (students: today only). */
  readonly backfillDays: number;
}

export const defaultRules: ReportingRules = {
  timeZone: 'Asia/Shanghai',
  deadlines: { 'class-report': '11:00', 'first-review': '12:00', submission: '13:00' },
  feverThresholdC: 37.3,
  repetitionFlagDays: 5,
  backfillDays: 7,
};

/**
 * The furthest back a university may let counsellors file late check-ins. A check-in record
 * keeps this many recent days whole (`settleEarlierDays`); two weeks late is a reconstruction,
 * not a check-in.
 */
export const maxBackfillDays = 14;

/** The instant a step's deadline falls on, on a day. */
export function deadlineOf(rules: ReportingRules, day: string, step: ChainStep): Date {
  return instantOf(day, rules.deadlines[step], rules.timeZone);
}
