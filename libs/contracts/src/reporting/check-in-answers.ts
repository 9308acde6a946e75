import type { ExposureCategory, SubmitterRole, Symptom } from './vocabulary';

/** Where the student is today. */
export type CheckInLocation =
  | { kind: 'on-campus' }
  | { kind: 'off-campus'; province: string; city: string }
  | { kind: 'in-transit' };

export interface CheckInHealth {
  /** Body temperature in °C, one decimal as read from the thermometer. */
  temperatureC: number;
  /** From the fixed list; empty means "normal". */
  symptoms: Symptom[];
}

/** Who filled the form (the student, or their counsellor on the student's behalf). */
export interface CheckInSubmitter {
  actorId: string;
  role: SubmitterRole;
}

/** The answers of one check-in: what a repeated form repeats word for word. */
export interface CheckInAnswers {
  location: CheckInLocation;
  health: CheckInHealth;
  exposure: ExposureCategory;
}
