/** At the class-report deadline: flag the student if they have not checked in. */
export interface FlagNonResponder {
  studentNumber: string;
  day: string;
  /** The class-report deadline that passed. */
  deadline: Date;
}

/** A counsellor's attempt to reach a non-responder. */
export interface LogFollowUp {
  studentNumber: string;
  day: string;
  channel: unknown;
  reached: unknown;
  /** The reason given for the missing check-in, if any. */
  reason?: unknown;
  loggedBy: string;
}
