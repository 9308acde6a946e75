import type { CheckInSubmitter } from '@bulwark/contracts';
import type { CheckInAnswersInput } from './answers';

/** A student's check-in of a day, by the student or by their counsellor on their behalf. */
export interface SubmitCheckIn extends CheckInAnswersInput {
  studentNumber: string;
  day: string;
  submittedBy: CheckInSubmitter;
}
