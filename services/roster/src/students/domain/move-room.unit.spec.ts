import { eventsFor, eventsOf, given } from '@bulwark/decider';
import { expectContractConformance } from '../../test-support/contract-check';
import {
  bedAllocated,
  event,
  offCampus,
  onCampus,
  roomPathOf,
  roomWith,
  streamsOf,
  studentEnrolled,
} from '../../test-support/roster-fixtures';
import { evolveStudent } from './evolve-student';
import { decideAssignToRoom } from './move-room';
import { initialStudentState, roomCodeOf, type StudentState } from './student-state';

/** Stream `student-s1` of a student living in room b001-101. */
const inRoom101 = () =>
  given(initialStudentState('s1'), evolveStudent, [studentEnrolled('s1', onCampus('b001-101'))]);

describe('moving a student to another room', () => {
  const current = roomWith('b001-101', 4, ['s1', 's2']);

  it('frees the old bed, takes the new one, and records the move on the student', () => {
    const target = roomWith('b001-102', 4, ['s3']);
    const move = (student: StudentState) =>
      decideAssignToRoom(
        { studentNumber: 's1', roomCode: 'b001-102' },
        { student, currentRoom: current, targetRoom: target },
      );
    const events = inRoom101()
      .when((student) => eventsOf(move(student)))
      .then([
        event('StudentAssignedToRoom', {
          studentNumber: 's1',
          roomCode: 'b001-102',
          roomPath: roomPathOf('b001-102'),
          previousRoomCode: 'b001-101',
          relocationId: null,
        }),
        event('BedFreed', { roomCode: 'b001-101', studentNumber: 's1' }),
        bedAllocated('b001-102', 's1'),
      ]);
    const decision = move(inRoom101().state);
    expect(streamsOf(decision)).toEqual(['student-s1', 'unit-b001-101', 'unit-b001-102']);
    expectContractConformance(events);
    const moved = eventsFor(decision, 'student-s1').reduce(evolveStudent, inRoom101().state);
    expect(roomCodeOf(moved)).toBe('b001-102');
  });

  it('changes nothing when the room is the same', () => {
    inRoom101()
      .when((student) =>
        eventsOf(
          decideAssignToRoom(
            { studentNumber: 's1', roomCode: 'b001-101' },
            { student, currentRoom: current, targetRoom: current },
          ),
        ),
      )
      .then([]);
  });

  it('refuses a full target with its occupancy (409 roomCode)', () => {
    const full = roomWith('b001-102', 2, ['a', 'b']);
    const rejection = inRoom101()
      .when((student) =>
        eventsOf(
          decideAssignToRoom(
            { studentNumber: 's1', roomCode: 'b001-102' },
            { student, currentRoom: current, targetRoom: full },
          ),
        ),
      )
      .thenRejects('conflict', 'roomCode');
    expect(rejection.details).toMatchObject({ occupancy: 2, capacity: 2, occupants: ['a', 'b'] });
  });

  it('refuses an unknown student (404)', () => {
    given(initialStudentState('s9'), evolveStudent)
      .when((student) =>
        eventsOf(
          decideAssignToRoom(
            { studentNumber: 's9', roomCode: 'b001-102' },
            { student, targetRoom: roomWith('b001-102', 4) },
          ),
        ),
      )
      .thenRejects('not-found', 'studentNumber');
  });

  it('refuses a student off campus: they return to campus instead (409)', () => {
    given(initialStudentState('s1'), evolveStudent, [studentEnrolled('s1', offCampus)])
      .when((student) =>
        eventsOf(
          decideAssignToRoom(
            { studentNumber: 's1', roomCode: 'b001-102' },
            { student, targetRoom: roomWith('b001-102', 4) },
          ),
        ),
      )
      .thenRejects('conflict', 'studentNumber');
  });
});
