import { rosterTextLimits } from '@bulwark/contracts';
import { mismatch, Rejection, requireBoolean, requireFormat, requireText } from '@bulwark/decider';
import { formats } from '../../roster-formats';
import type { UnitState } from '../../units/domain/unit-state';
import { roomCodeOf, type EnrolledStudent, type StudentState } from './student-state';

/** What every student decider checks first: the number's format, and that the state is its. */
export function requireStudentNumber(value: unknown, student: StudentState): string {
  const studentNumber = requireFormat(value, formats.studentNumber, 'studentNumber');
  if (student.studentNumber !== studentNumber) {
    throw mismatch('student', studentNumber, student.studentNumber);
  }
  return studentNumber;
}

export function requireEnrolled(student: StudentState): EnrolledStudent {
  if (student.status !== 'enrolled') {
    throw Rejection.notFound(
      'studentNumber',
      `student ${student.studentNumber} is not on the roster`,
    );
  }
  return student;
}

export interface Place {
  province: string;
  city: string;
  riskArea: boolean;
}

/** Where a student off campus is; `prefix` puts the fields where the command has them. */
export function requirePlace(
  input: { province?: unknown; city?: unknown; riskArea?: unknown },
  prefix: string,
): Place {
  return {
    province: requireText(input.province, `${prefix}province`, rosterTextLimits.place),
    city: requireText(input.city, `${prefix}city`, rosterTextLimits.place),
    riskArea: requireBoolean(input.riskArea, `${prefix}riskArea`),
  };
}

/** The state of the room the student lives in, checked against the student's own record. */
export function currentRoomOf(student: EnrolledStudent, room: UnitState | undefined): UnitState {
  const code = roomCodeOf(student);
  if (code === null) throw new Error(`student ${student.studentNumber} has no room`);
  if (!room) throw new Error(`the state of room ${code} was not given`);
  if (room.code !== code) throw mismatch('current room', code, room.code);
  return room;
}
