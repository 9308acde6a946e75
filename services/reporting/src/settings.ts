import { chainSteps, temperatureRangeC, type ChainStep } from '@bulwark/contracts';
import { isTimeZone } from './rules/domain/reporting-day';
import { defaultRules, maxBackfillDays, type ReportingRules } from './rules/domain/rules';

/** What reporting reads from its environment besides the common service settings. */
export interface ReportingSettings {
  rules: ReportingRules;
  /** How often the deadline scheduler looks at the clock; 0 turns it off (tests tick by hand). */
  deadlineTickMs: number;
}

const hhmm = /^([01][0-9]|2[0-3]):[0-5][0-9]$/;

/**
 * UNIVERSITY_TIMEZONE (default Asia/Shanghai), REPORT_DEADLINES (default "11:00,12:00,13:00":
 * class reports, first review, submission), FEVER_THRESHOLD_C (37.3), REPETITION_FLAG_DAYS (5),
 * BACKFILL_DAYS (7, at most 14), DEADLINE_TICK_MS (30000). A bad value stops the service at start.
 */
export function reportingSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): ReportingSettings {
  const timeZone = env.UNIVERSITY_TIMEZONE || defaultRules.timeZone;
  if (!isTimeZone(timeZone)) {
    throw new Error(
      `UNIVERSITY_TIMEZONE must be an IANA time zone such as Asia/Shanghai, got "${timeZone}"`,
    );
  }
  const times = (env.REPORT_DEADLINES || chainSteps.map((s) => defaultRules.deadlines[s]).join(','))
    .split(',')
    .map((t) => t.trim());
  const [classReport, firstReview, submission] = times;
  if (
    times.length !== chainSteps.length ||
    classReport === undefined ||
    firstReview === undefined ||
    submission === undefined ||
    !times.every((t) => hhmm.test(t))
  ) {
    throw new Error(
      `REPORT_DEADLINES must be three HH:MM times (class reports, first review, submission), got "${env.REPORT_DEADLINES}"`,
    );
  }
  if (!(classReport < firstReview && firstReview < submission)) {
    throw new Error(
      `REPORT_DEADLINES must follow the chain in order, got "${env.REPORT_DEADLINES}"`,
    );
  }
  const deadlines: Record<ChainStep, string> = {
    'class-report': classReport,
    'first-review': firstReview,
    submission,
  };
  const feverThresholdC = number(
    'FEVER_THRESHOLD_C',
    env.FEVER_THRESHOLD_C,
    defaultRules.feverThresholdC,
  );
  if (feverThresholdC < temperatureRangeC.min || feverThresholdC > temperatureRangeC.max) {
    throw new Error(
      `FEVER_THRESHOLD_C must be between ${temperatureRangeC.min} and ${temperatureRangeC.max}, got ${feverThresholdC}`,
    );
  }
  return {
    rules: {
      timeZone,
      deadlines,
      feverThresholdC,
      repetitionFlagDays: integer(
        'REPETITION_FLAG_DAYS',
        env.REPETITION_FLAG_DAYS,
        defaultRules.repetitionFlagDays,
        2,
      ),
      backfillDays: integer(
        'BACKFILL_DAYS',
        env.BACKFILL_DAYS,
        defaultRules.backfillDays,
        0,
        maxBackfillDays,
      ),
    },
    deadlineTickMs: integer('DEADLINE_TICK_MS', env.DEADLINE_TICK_MS, 30_000, 0),
  };
}

function number(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n)) throw new Error(`${name} must be a number, got "${raw}"`);
  return n;
}

function integer(
  name: string,
  raw: string | undefined,
  fallback: number,
  min: number,
  max?: number,
): number {
  const n = number(name, raw, fallback);
  if (!Number.isInteger(n) || n < min || (max !== undefined && n > max)) {
    const range = max === undefined ? `>= ${min}` : `from ${min} to ${max}`;
    throw new Error(`${name} must be an integer ${range}, got "${raw}"`);
  }
  return n;
}
