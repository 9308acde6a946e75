import { requireBoolean } from '@bulwark/decider';
import { rosterEvent, type RosterNewEvent } from '../../roster-events';
import { requireEnrolled, requireStudentNumber } from './student-checks';
import type { StudentState } from './student-state';

/** Whether a student eats from the halal window. */
export interface RecordDietaryNeed {
  studentNumber: string;
  halal: boolean;
}

/** Records whether a student eats halal; the same value again changes nothing. */
export function decideRecordDietaryNeed(
  command: RecordDietaryNeed,
  student: StudentState,
): RosterNewEvent[] {
  const studentNumber = requireStudentNumber(command.studentNumber, student);
  const halal = requireBoolean(command.halal, 'halal');
  const enrolled = requireEnrolled(student);
  if (enrolled.halal === halal) return [];
  return [rosterEvent('DietaryNeedRecorded', { studentNumber, halal })];
}
