import { rosterStreamId } from '@bulwark/contracts';
import type { UnitOfWork } from '@bulwark/event-store';
import { evolveStudent } from './domain/evolve-student';
import { initialStudentState, type StudentState } from './domain/student-state';

/** Stream `student-<number>` folded through a command's unit of work. */
export const studentOf = (uow: UnitOfWork, studentNumber: string): Promise<StudentState> =>
  uow.fold(
    rosterStreamId.student(studentNumber),
    initialStudentState(studentNumber),
    evolveStudent,
  );
