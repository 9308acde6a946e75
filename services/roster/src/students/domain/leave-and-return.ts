import { rosterStreamId } from '@bulwark/contracts';
import { DecisionDraft, mismatch, Rejection, requireFormat } from '@bulwark/decider';
import { rosterEvent, type RosterDecision, type RosterNewEvent } from '../../roster-events';
import { formats } from '../../roster-formats';
import { decideAllocateBed, decideFreeBed, requireRoom } from '../../units/domain/room-beds';
import type { UnitState } from '../../units/domain/unit-state';
import {
  currentRoomOf,
  requireEnrolled,
  requirePlace,
  requireStudentNumber,
} from './student-checks';
import { roomCodeOf, type StudentState } from './student-state';

export interface LeaveCampus {
  studentNumber: string;
  province: string;
  city: string;
  riskArea: boolean;
}

/** An approved return (exam, internship, job) into a room. */
export interface ReturnToCampus {
  studentNumber: string;
  roomCode: string;
}

/** A student leaves campus for a place (province, city, risk area); their bed is freed. */
export function decideLeaveCampus(
  command: LeaveCampus,
  states: { student: StudentState; currentRoom?: UnitState | undefined },
): RosterDecision {
  const studentNumber = requireStudentNumber(command.studentNumber, states.student);
  const place = requirePlace(command, '');
  const student = requireEnrolled(states.student);
  const previousRoomCode = roomCodeOf(student);
  if (previousRoomCode === null) {
    throw Rejection.conflict('studentNumber', `student ${studentNumber} is already off campus`);
  }
  const freed = decideFreeBed(currentRoomOf(student, states.currentRoom), studentNumber);
  return new DecisionDraft<RosterNewEvent>()
    .add(rosterStreamId.unit(previousRoomCode), freed)
    .add(rosterStreamId.student(studentNumber), [
      rosterEvent('StudentLeftCampus', { studentNumber, previousRoomCode, ...place }),
    ])
    .decision();
}

/** An off-campus student comes back into a room with a free bed. */
export function decideReturnToCampus(
  command: ReturnToCampus,
  states: { student: StudentState; room: UnitState },
): RosterDecision {
  const studentNumber = requireStudentNumber(command.studentNumber, states.student);
  const roomCode = requireFormat(command.roomCode, formats.unitCode, 'roomCode');
  const student = requireEnrolled(states.student);
  if (roomCodeOf(student) !== null) {
    throw Rejection.conflict('studentNumber', `student ${studentNumber} is already on campus`, {
      roomCode: roomCodeOf(student),
    });
  }
  if (states.room.code !== roomCode) throw mismatch('room', roomCode, states.room.code);
  const allocated = decideAllocateBed(states.room, studentNumber, 'roomCode');
  const room = requireRoom(states.room);
  return new DecisionDraft<RosterNewEvent>()
    .add(rosterStreamId.unit(roomCode), allocated)
    .add(rosterStreamId.student(studentNumber), [
      rosterEvent('StudentReturnedToCampus', { studentNumber, roomCode, roomPath: [...room.path] }),
    ])
    .decision();
}
