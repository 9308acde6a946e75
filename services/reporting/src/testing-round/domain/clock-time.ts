import { testingPatterns } from '@bulwark/contracts';
import { Rejection } from '@bulwark/decider';

/** Wall-clock `HH:MM` on the round's date, as minutes since midnight. */

export const minutesPerDay = 24 * 60;

const startTimeFormat = new RegExp(testingPatterns.startTime);

export function minutesOf(clockTime: string): number {
  const [hours, minutes] = clockTime.split(':').map(Number);
  if (hours === undefined || minutes === undefined)
    throw new Error(`not a clock time: ${clockTime}`);
  return hours * 60 + minutes;
}

/** `HH:MM` of minutes since midnight; 1440 is `24:00`, the end of the day. */
export function clockTimeOf(minutes: number): string {
  const hours = Math.floor(minutes / 60);
  return `${String(hours).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/** A start time `HH:MM` between 00:00 and 23:59. */
export function requireStartTime(value: unknown, field: string): string {
  if (typeof value !== 'string' || !startTimeFormat.test(value)) {
    throw Rejection.invalid(field, `${field} must be a time HH:MM between 00:00 and 23:59`);
  }
  return value;
}
