/** Where the service reads the time: injectable, so tests run deadlines on a clock they set. */
export interface Clock {
  now(): Date;
}

export const CLOCK = Symbol('CLOCK');
export const REPORTING_SETTINGS = Symbol('REPORTING_SETTINGS');

export const systemClock: Clock = { now: () => new Date() };
