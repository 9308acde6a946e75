import type { Gender, Residence, StudentType } from '@bulwark/contracts';

/** Stream `student-<studentNumber>` before its first event. */
export interface AbsentStudent {
  readonly status: 'absent';
  readonly studentNumber: string;
}

/** A student on the roster: in exactly one class, and in one room or at one place off campus. */
export interface EnrolledStudent {
  readonly status: 'enrolled';
  readonly studentNumber: string;
  readonly name: string;
  readonly studentType: StudentType;
  readonly classCode: string;
  readonly classPath: readonly string[];
  readonly gender: Gender;
  readonly ethnicity: string;
  readonly halal: boolean;
  readonly phone: string;
  readonly residence: Readonly<Residence>;
}

export type StudentState = AbsentStudent | EnrolledStudent;

export function initialStudentState(studentNumber: string): StudentState {
  return { status: 'absent', studentNumber };
}

/** The room whose stream a command on this student must also read; null when off campus. */
export function roomCodeOf(student: StudentState): string | null {
  return student.status === 'enrolled' && student.residence.kind === 'on-campus'
    ? student.residence.roomCode
    : null;
}
