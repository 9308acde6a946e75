import { reportingSettingsFromEnv } from './settings';

describe('reporting settings from the environment', () => {
  it('defaults to Beijing time, 11:00 / 12:00 / 13:00, 37.3 °C and five identical days', () => {
    expect(reportingSettingsFromEnv({})).toEqual({
      rules: {
        timeZone: 'Asia/Shanghai',
        deadlines: { 'class-report': '11:00', 'first-review': '12:00', submission: '13:00' },
        feverThresholdC: 37.3,
        repetitionFlagDays: 5,
        backfillDays: 7,
      },
      deadlineTickMs: 30_000,
    });
  });

  it('takes a university’s own time zone, deadlines and threshold', () => {
    const { rules } = reportingSettingsFromEnv({
      UNIVERSITY_TIMEZONE: 'Asia/Urumqi',
      REPORT_DEADLINES: '10:00, 11:30,12:45',
      FEVER_THRESHOLD_C: '37.5',
      REPETITION_FLAG_DAYS: '7',
    });
    expect(rules).toMatchObject({
      timeZone: 'Asia/Urumqi',
      deadlines: { 'class-report': '10:00', 'first-review': '11:30', submission: '12:45' },
      feverThresholdC: 37.5,
      repetitionFlagDays: 7,
    });
  });

  it.each([
    { UNIVERSITY_TIMEZONE: 'Beijing' },
    { REPORT_DEADLINES: '11:00,12:00' },
    { REPORT_DEADLINES: '13:00,12:00,11:00' },
    { REPORT_DEADLINES: '11:00,12:00,25:00' },
    { FEVER_THRESHOLD_C: 'hot' },
    { FEVER_THRESHOLD_C: '60' },
    { REPETITION_FLAG_DAYS: '1' },
    // a check-in record keeps only so many days whole (domain/check-in/settle.ts)
    { BACKFILL_DAYS: '15' },
    { BACKFILL_DAYS: '-1' },
  ])('refuses to start with %p', (env) => {
    expect(() => reportingSettingsFromEnv(env)).toThrow();
  });
});
