import { rosterStreamId } from '@bulwark/contracts';
import { DecisionDraft, mismatch, Rejection, requireFormat } from '@bulwark/decider';
import { rosterEvent, type RosterDecision, type RosterNewEvent } from '../../roster-events';
import { formats } from '../../roster-formats';
import { decideAllocateBed, decideFreeBed, requireRoom } from '../../units/domain/room-beds';
import type { UnitState } from '../../units/domain/unit-state';
import { currentRoomOf, requireEnrolled, requireStudentNumber } from './student-checks';
import { roomCodeOf, type StudentState } from './student-state';

/** Moves an on-campus student to another room. */
export interface AssignStudentToRoom {
  studentNumber: string;
  roomCode: string;
}

/**
 * Moves an on-campus student to another room: frees the old bed, takes a new one. The same
 * room is no change. An off-campus student comes back through decideReturnToCampus instead,
 * so that a return is always an event of its own.
 */
export function decideAssignToRoom(
  command: AssignStudentToRoom,
  states: { student: StudentState; currentRoom?: UnitState | undefined; targetRoom: UnitState },
): RosterDecision {
  const studentNumber = requireStudentNumber(command.studentNumber, states.student);
  const roomCode = requireFormat(command.roomCode, formats.unitCode, 'roomCode');
  const student = requireEnrolled(states.student);
  const previousRoomCode = roomCodeOf(student);
  if (previousRoomCode === null) {
    throw Rejection.conflict(
      'studentNumber',
      `student ${studentNumber} is off campus; a return to campus brings them into a room`,
    );
  }
  if (previousRoomCode === roomCode) return [];
  if (states.targetRoom.code !== roomCode)
    throw mismatch('target room', roomCode, states.targetRoom.code);
  const allocated = decideAllocateBed(states.targetRoom, studentNumber, 'roomCode');
  const target = requireRoom(states.targetRoom);
  const freed = decideFreeBed(currentRoomOf(student, states.currentRoom), studentNumber);
  return new DecisionDraft<RosterNewEvent>()
    .add(rosterStreamId.unit(previousRoomCode), freed)
    .add(rosterStreamId.unit(roomCode), allocated)
    .add(rosterStreamId.student(studentNumber), [
      rosterEvent('StudentAssignedToRoom', {
        studentNumber,
        roomCode,
        roomPath: [...target.path],
        previousRoomCode,
        relocationId: null,
      }),
    ])
    .decision();
}
