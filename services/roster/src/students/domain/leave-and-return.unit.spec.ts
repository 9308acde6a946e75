import { eventsOf, given } from '@bulwark/decider';
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
import { decideLeaveCampus, decideReturnToCampus } from './leave-and-return';
import { initialStudentState, roomCodeOf, type StudentState } from './student-state';

/** Stream `student-s1` of a student in room b001-101, or off campus in Wuhan. */
const onCampusS1 = () =>
  given(initialStudentState('s1'), evolveStudent, [studentEnrolled('s1', onCampus('b001-101'))]);
const offCampusS1 = () =>
  given(initialStudentState('s1'), evolveStudent, [studentEnrolled('s1', offCampus)]);

describe('leaving and returning to campus', () => {
  it('leaving frees the bed and records where the student went', () => {
    const leave = (student: StudentState) =>
      decideLeaveCampus(
        { studentNumber: 's1', province: 'Shaanxi', city: "Xi'an", riskArea: false },
        { student, currentRoom: roomWith('b001-101', 4, ['s1']) },
      );
    const events = onCampusS1()
      .when((student) => eventsOf(leave(student)))
      .then([
        event('StudentLeftCampus', {
          studentNumber: 's1',
          previousRoomCode: 'b001-101',
          province: 'Shaanxi',
          city: "Xi'an",
          riskArea: false,
        }),
        event('BedFreed', { roomCode: 'b001-101', studentNumber: 's1' }),
      ]);
    expect(streamsOf(leave(onCampusS1().state))).toEqual(['student-s1', 'unit-b001-101']);
    expectContractConformance(events);
    expect(roomCodeOf(events.reduce(evolveStudent, onCampusS1().state))).toBeNull();
  });

  it('refuses to let a student leave twice (409)', () => {
    offCampusS1()
      .when((student) =>
        eventsOf(
          decideLeaveCampus(
            { studentNumber: 's1', province: 'Hubei', city: 'Wuhan', riskArea: true },
            { student },
          ),
        ),
      )
      .thenRejects('conflict', 'studentNumber');
  });

  it('refuses to leave for nowhere (400 province)', () => {
    onCampusS1()
      .when((student) =>
        eventsOf(
          decideLeaveCampus(
            { studentNumber: 's1', province: '', city: 'Wuhan', riskArea: true },
            { student },
          ),
        ),
      )
      .thenRejects('invalid', 'province');
  });

  it('returning takes a bed', () => {
    const comeBack = (student: StudentState) =>
      decideReturnToCampus(
        { studentNumber: 's1', roomCode: 'b001-101' },
        { student, room: roomWith('b001-101', 4) },
      );
    const events = offCampusS1()
      .when((student) => eventsOf(comeBack(student)))
      .then([
        event('StudentReturnedToCampus', {
          studentNumber: 's1',
          roomCode: 'b001-101',
          roomPath: roomPathOf('b001-101'),
        }),
        bedAllocated('b001-101', 's1'),
      ]);
    expect(streamsOf(comeBack(offCampusS1().state))).toEqual(['student-s1', 'unit-b001-101']);
    expectContractConformance(events);
  });

  it('refuses a return of a student already on campus (409) and into a full room (409)', () => {
    onCampusS1()
      .when((student) =>
        eventsOf(
          decideReturnToCampus(
            { studentNumber: 's1', roomCode: 'b001-102' },
            { student, room: roomWith('b001-102', 4) },
          ),
        ),
      )
      .thenRejects('conflict', 'studentNumber');
    const rejection = offCampusS1()
      .when((student) =>
        eventsOf(
          decideReturnToCampus(
            { studentNumber: 's1', roomCode: 'b001-102' },
            { student, room: roomWith('b001-102', 1, ['x']) },
          ),
        ),
      )
      .thenRejects('conflict', 'roomCode');
    expect(rejection.details).toMatchObject({ occupancy: 1, capacity: 1 });
  });
});
