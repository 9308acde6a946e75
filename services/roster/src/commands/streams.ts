import { rosterStreamId } from '@bulwark/contracts';
import type { UnitOfWork } from '@bulwark/event-store';
import { evolveRelocation, initialRelocationState, RelocationState } from '../domain/relocation';
import { evolveStudent, initialStudentState, StudentState } from '../domain/student';
import { evolveUnit, initialUnitState, UnitState } from '../domain/unit';
import type { Decision } from '../domain/decision';

/** Folded aggregates, read through a command's unit of work (so appends check their versions). */
export const unitOf = (uow: UnitOfWork, code: string): Promise<UnitState> =>
  uow.fold(rosterStreamId.unit(code), initialUnitState(code), evolveUnit);

export const studentOf = (uow: UnitOfWork, number: string): Promise<StudentState> =>
  uow.fold(rosterStreamId.student(number), initialStudentState(number), evolveStudent);

export const relocationOf = (uow: UnitOfWork, id: string): Promise<RelocationState> =>
  uow.fold(rosterStreamId.relocation(id), initialRelocationState(id), evolveRelocation);

/** Queues a multi-stream decision on the unit of work. */
export function appendDecision(uow: UnitOfWork, decision: Decision): void {
  for (const { streamId, events } of decision) uow.append(streamId, events);
}
