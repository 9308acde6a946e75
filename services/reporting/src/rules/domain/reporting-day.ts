import { reportingDayPattern } from '@bulwark/contracts';

/**
 * Reporting days and deadlines in the university's time zone (IANA name, e.g.
 * Asia/Shanghai), with the platform's Intl data: no clock here, instants come in as arguments.
 */

const dayShape = new RegExp(reportingDayPattern);

/** Year, month and day of a `YYYY-MM-DD` text (shape checked by the caller). */
function dayNumbers(day: string): [number, number, number] {
  const [y, m, d] = day.split('-').map(Number);
  if (y === undefined || m === undefined || d === undefined) throw new Error(`not a day: ${day}`);
  return [y, m, d];
}

/** Hours and minutes of an `HH:MM` text (shape checked by the caller). */
function timeNumbers(time: string): [number, number] {
  const [hh, mm] = time.split(':').map(Number);
  if (hh === undefined || mm === undefined) throw new Error(`not a time: ${time}`);
  return [hh, mm];
}

/** True for a real calendar day written `YYYY-MM-DD` (no 2022-02-30). */
export function isReportingDay(value: unknown): value is string {
  if (typeof value !== 'string' || !dayShape.test(value)) return false;
  const [y, m, d] = dayNumbers(value);
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/** Days already stepped, by `${day}|${n}`: every check-in of a day asks the same few. */
const stepped = new Map<string, string>();

/** The day `n` days after `day` (before, for negative n). */
export function addDays(day: string, n: number): string {
  const key = `${day}|${n}`;
  let result = stepped.get(key);
  if (result === undefined) {
    const [y, m, d] = dayNumbers(day);
    result = new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
    if (stepped.size >= 10_000) stepped.clear();
    stepped.set(key, result);
  }
  return result;
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  const utc = (day: string) => {
    const [y, m, d] = dayNumbers(day);
    return Date.UTC(y, m - 1, d);
  };
  return Math.round((utc(to) - utc(from)) / 86_400_000);
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** True when the platform knows the IANA time zone. */
export function isTimeZone(timeZone: string): boolean {
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** The wall-clock fields of an instant in a time zone. */
function wallClock(instant: number, timeZone: string) {
  const parts: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(new Date(instant))) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  return parts as {
    year: number;
    month: number;
    day: number;
    hour: number;
    minute: number;
    second: number;
  };
}

/** How far the zone's wall clock is ahead of UTC at an instant, in milliseconds. */
function offsetAt(instant: number, timeZone: string): number {
  const w = wallClock(instant, timeZone);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  const wholeSecond = instant - (((instant % 1000) + 1000) % 1000);
  return asUtc - wholeSecond;
}

/** The last day computed, per time zone and minute: every request of a minute asks for it. */
const lastDay = new Map<string, { minute: number; day: string }>();

/** The reporting day an instant falls on in the time zone. */
export function dayOf(instant: Date, timeZone: string): string {
  // Zone offsets are whole minutes: every instant of a minute is on the same day.
  const minute = Math.floor(instant.getTime() / 60_000);
  const cached = lastDay.get(timeZone);
  if (cached?.minute === minute) return cached.day;
  const day = dayFromWallClock(instant, timeZone);
  lastDay.set(timeZone, { minute, day });
  return day;
}

function dayFromWallClock(instant: Date, timeZone: string): string {
  const w = wallClock(instant.getTime(), timeZone);
  return `${String(w.year).padStart(4, '0')}-${String(w.month).padStart(2, '0')}-${String(w.day).padStart(2, '0')}`;
}

/** The instant a wall-clock time `HH:MM` of a day happens in the time zone. */
export function instantOf(day: string, time: string, timeZone: string): Date {
  const [y, m, d] = dayNumbers(day);
  const [hh, mm] = timeNumbers(time);
  const guess = Date.UTC(y, m - 1, d, hh, mm);
  const first = guess - offsetAt(guess, timeZone);
  const second = guess - offsetAt(first, timeZone);
  return new Date(second);
}

/** Whole minutes after a deadline, rounded up; 0 when on time. */
export function minutesLate(at: Date, deadline: Date): number {
  const ms = at.getTime() - deadline.getTime();
  return ms <= 0 ? 0 : Math.ceil(ms / 60_000);
}
