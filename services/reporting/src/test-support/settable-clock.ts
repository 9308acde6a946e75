import type { Clock } from '../clock';

/** A clock tests set by hand: deadlines pass when the test says so, never by waiting. */
export class SettableClock implements Clock {
  constructor(private current: Date) {}

  now(): Date {
    return new Date(this.current);
  }

  set(instant: Date): void {
    this.current = new Date(instant);
  }

  /** `HH:MM` wall-clock time in Beijing (UTC+8, no daylight saving) on a day. */
  setBeijing(day: string, hhmm: string): void {
    this.set(beijing(day, hhmm));
  }
}

export function beijing(day: string, hhmm: string): Date {
  return new Date(`${day}T${hhmm}:00+08:00`);
}
