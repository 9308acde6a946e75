import {
  addDays,
  dayOf,
  daysBetween,
  instantOf,
  isReportingDay,
  isTimeZone,
  minutesLate,
} from './reporting-day';
import { deadlineOf, defaultRules } from './rules';

describe('reporting days in the university time zone', () => {
  it('puts an instant on the day of the university’s wall clock, not UTC’s', () => {
    // given 2022-01-04 17:30 UTC, which is 01:30 on the 5th in Beijing
    const instant = new Date('2022-01-04T17:30:00Z');
    // then
    expect(dayOf(instant, 'Asia/Shanghai')).toBe('2022-01-05');
    expect(dayOf(instant, 'UTC')).toBe('2022-01-04');
  });

  it('turns the default deadlines into instants: 11:00 in Beijing is 03:00 UTC', () => {
    expect(deadlineOf(defaultRules, '2022-01-05', 'class-report').toISOString()).toBe(
      '2022-01-05T03:00:00.000Z',
    );
    expect(deadlineOf(defaultRules, '2022-01-05', 'first-review').toISOString()).toBe(
      '2022-01-05T04:00:00.000Z',
    );
    expect(deadlineOf(defaultRules, '2022-01-05', 'submission').toISOString()).toBe(
      '2022-01-05T05:00:00.000Z',
    );
  });

  it('follows daylight saving time where the university has it', () => {
    expect(instantOf('2022-01-05', '11:00', 'America/New_York').toISOString()).toBe(
      '2022-01-05T16:00:00.000Z',
    );
    expect(instantOf('2022-07-05', '11:00', 'America/New_York').toISOString()).toBe(
      '2022-07-05T15:00:00.000Z',
    );
  });

  it('knows real calendar days and counts between them', () => {
    expect(isReportingDay('2022-02-28')).toBe(true);
    expect(isReportingDay('2022-02-30')).toBe(false);
    expect(isReportingDay('2022-1-5')).toBe(false);
    expect(isReportingDay(20220105)).toBe(false);
    expect(addDays('2022-02-28', 1)).toBe('2022-03-01');
    expect(addDays('2022-01-01', -1)).toBe('2021-12-31');
    expect(daysBetween('2021-12-30', '2022-01-02')).toBe(3);
    expect(isTimeZone('Asia/Shanghai')).toBe(true);
    expect(isTimeZone('Mars/Olympus')).toBe(false);
  });

  it('counts lateness in whole minutes, rounded up, 0 when on time', () => {
    const deadline = new Date('2022-01-05T03:00:00Z');
    expect(minutesLate(new Date('2022-01-05T02:59:59Z'), deadline)).toBe(0);
    expect(minutesLate(deadline, deadline)).toBe(0);
    expect(minutesLate(new Date('2022-01-05T03:00:01Z'), deadline)).toBe(1);
    expect(minutesLate(new Date('2022-01-05T04:30:00Z'), deadline)).toBe(90);
  });
});
