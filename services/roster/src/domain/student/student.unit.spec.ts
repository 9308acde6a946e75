import { eventsFor, eventsOf } from '../decision';
import { expectContractConformance } from '../test-support/contract-check';
import {
  academicLine,
  bedAllocated,
  classPath,
  event,
  given,
  givenRoom,
  offCampus,
  onCampus,
  rejectionOf,
  residentialLine,
  roomPathOf,
  studentEnrolled,
} from '../test-support/given';
import { initialUnitState } from '../unit/state';
import type { EnrolStudent } from './commands';
import {
  decideAssignToRoom,
  decideEnrol,
  decideLeaveCampus,
  decideRecordDietaryNeed,
  decideReturnToCampus,
} from './decide';
import { evolveStudent } from './evolve';
import { initialStudentState, roomCodeOf } from './state';

const klass = given.unit('sem-2020-ug-01', academicLine.class);
const enrolOnCampus: EnrolStudent = {
  studentNumber: '2020100001',
  name: '马丽',
  studentType: 'undergraduate',
  classCode: 'sem-2020-ug-01',
  gender: 'female',
  ethnicity: 'Hui',
  halal: true,
  phone: '13800000001',
  residence: { kind: 'on-campus', roomCode: 'b001-101' },
};
const enrolOffCampus: EnrolStudent = {
  ...enrolOnCampus,
  residence: { kind: 'off-campus', province: 'Hubei', city: 'Wuhan', riskArea: true },
};
const nobody = initialStudentState('2020100001');

describe('enrolling a student', () => {
  it('enrols on campus: the student on their stream, the bed on the room stream', () => {
    // given a class and a room with one free bed
    const room = givenRoom('b001-101', 2, ['2020100002']);
    // when
    const decision = decideEnrol(enrolOnCampus, { student: nobody, classUnit: klass, room });
    // then
    expect(decision).toEqual([
      {
        streamId: 'student-2020100001',
        events: [studentEnrolled('2020100001', onCampus('b001-101'))],
      },
      { streamId: 'unit-b001-101', events: [bedAllocated('b001-101', '2020100001')] },
    ]);
    expectContractConformance(eventsOf(decision));
  });

  it('enrols off campus, touching only the student stream', () => {
    const decision = decideEnrol(enrolOffCampus, { student: nobody, classUnit: klass });
    expect(decision).toEqual([
      { streamId: 'student-2020100001', events: [studentEnrolled('2020100001', offCampus)] },
    ]);
    expectContractConformance(eventsOf(decision));
  });

  it('refuses to enrol the same student twice (409 studentNumber)', () => {
    const student = given.student('2020100001', studentEnrolled('2020100001', offCampus));
    expect(
      rejectionOf(() => decideEnrol(enrolOffCampus, { student, classUnit: klass })),
    ).toMatchObject({
      kind: 'conflict',
      field: 'studentNumber',
    });
  });

  it('refuses a class that does not exist or is not a class (400 either way: the body names it)', () => {
    const command = { ...enrolOffCampus, classCode: 'sem-2020' };
    expect(
      rejectionOf(() =>
        decideEnrol(command, { student: nobody, classUnit: initialUnitState('sem-2020') }),
      ),
    ).toMatchObject({ kind: 'invalid', field: 'classCode' });
    expect(
      rejectionOf(() =>
        decideEnrol(command, {
          student: nobody,
          classUnit: given.unit('sem-2020', academicLine.grade),
        }),
      ),
    ).toMatchObject({ kind: 'invalid', field: 'classCode' });
  });

  it('refuses a full room with its occupancy (409)', () => {
    const room = givenRoom('b001-101', 2, ['a', 'b']);
    expect(
      rejectionOf(() => decideEnrol(enrolOnCampus, { student: nobody, classUnit: klass, room })),
    ).toMatchObject({
      kind: 'conflict',
      field: 'residence.roomCode',
      details: { occupancy: 2, capacity: 2 },
    });
  });

  it('refuses a room that does not exist (400: the body names it)', () => {
    const room = initialUnitState('b001-101');
    expect(
      rejectionOf(() => decideEnrol(enrolOnCampus, { student: nobody, classUnit: klass, room })),
    ).toMatchObject({
      kind: 'invalid',
      field: 'residence.roomCode',
    });
  });

  it.each<[string, Partial<EnrolStudent>, string]>([
    ['a bad student number', { studentNumber: '2020 1' }, 'studentNumber'],
    ['an empty name', { name: ' ' }, 'name'],
    ['a name of 101 characters', { name: '马'.repeat(101) }, 'name'],
    ['an unknown type', { studentType: 'exchange' as never }, 'studentType'],
    ['an unknown gender', { gender: 'x' as never }, 'gender'],
    ['an empty ethnicity', { ethnicity: '' }, 'ethnicity'],
    ['a phone with letters', { phone: '138-CALL-ME' }, 'phone'],
    ['a halal that is not a boolean', { halal: 'yes' as never }, 'halal'],
    ['a bad class code', { classCode: 'Sem 2020' }, 'classCode'],
    [
      'an off-campus place without a city',
      { residence: { kind: 'off-campus', province: 'Hubei', city: '', riskArea: false } },
      'residence.city',
    ],
    ['a residence of unknown kind', { residence: { kind: 'abroad' } as never }, 'residence.kind'],
  ])('refuses %s (400)', (_what, change, field) => {
    const command = { ...enrolOffCampus, ...change };
    const student = initialStudentState(command.studentNumber);
    expect(rejectionOf(() => decideEnrol(command, { student, classUnit: klass }))).toMatchObject({
      kind: 'invalid',
      field,
    });
  });

  it('keeps a name of 100 Chinese characters outside the BMP', () => {
    const name = '𠀀'.repeat(100); // 200 UTF-16 units, 100 code points
    const decision = decideEnrol(
      { ...enrolOffCampus, name },
      { student: nobody, classUnit: klass },
    );
    expectContractConformance(eventsOf(decision));
  });
});

describe('moving a student to another room', () => {
  const student = given.student('s1', studentEnrolled('s1', onCampus('b001-101')));
  const current = givenRoom('b001-101', 4, ['s1', 's2']);

  it('frees the old bed, takes the new one, and records the move on the student', () => {
    const target = givenRoom('b001-102', 4, ['s3']);
    const decision = decideAssignToRoom(
      { studentNumber: 's1', roomCode: 'b001-102' },
      { student, currentRoom: current, targetRoom: target },
    );
    expect(decision).toEqual([
      {
        streamId: 'student-s1',
        events: [
          event('StudentAssignedToRoom', {
            studentNumber: 's1',
            roomCode: 'b001-102',
            roomPath: roomPathOf('b001-102'),
            previousRoomCode: 'b001-101',
            relocationId: null,
          }),
        ],
      },
      {
        streamId: 'unit-b001-101',
        events: [event('BedFreed', { roomCode: 'b001-101', studentNumber: 's1' })],
      },
      { streamId: 'unit-b001-102', events: [bedAllocated('b001-102', 's1')] },
    ]);
    expectContractConformance(eventsOf(decision));
    const moved = eventsFor(decision, 'student-s1').reduce(evolveStudent, student);
    expect(roomCodeOf(moved)).toBe('b001-102');
  });

  it('changes nothing when the room is the same', () => {
    expect(
      decideAssignToRoom(
        { studentNumber: 's1', roomCode: 'b001-101' },
        { student, currentRoom: current, targetRoom: current },
      ),
    ).toEqual([]);
  });

  it('refuses a full target with its occupancy (409 roomCode)', () => {
    const full = givenRoom('b001-102', 2, ['a', 'b']);
    expect(
      rejectionOf(() =>
        decideAssignToRoom(
          { studentNumber: 's1', roomCode: 'b001-102' },
          { student, currentRoom: current, targetRoom: full },
        ),
      ),
    ).toMatchObject({
      kind: 'conflict',
      field: 'roomCode',
      details: { occupancy: 2, capacity: 2, occupants: ['a', 'b'] },
    });
  });

  it('refuses an unknown student (404)', () => {
    expect(
      rejectionOf(() =>
        decideAssignToRoom(
          { studentNumber: 's9', roomCode: 'b001-102' },
          { student: initialStudentState('s9'), targetRoom: givenRoom('b001-102', 4) },
        ),
      ),
    ).toMatchObject({ kind: 'not-found', field: 'studentNumber' });
  });

  it('refuses a student off campus: they return to campus instead (409)', () => {
    const away = given.student('s1', studentEnrolled('s1', offCampus));
    expect(
      rejectionOf(() =>
        decideAssignToRoom(
          { studentNumber: 's1', roomCode: 'b001-102' },
          { student: away, targetRoom: givenRoom('b001-102', 4) },
        ),
      ),
    ).toMatchObject({ kind: 'conflict', field: 'studentNumber' });
  });
});

describe('leaving and returning to campus', () => {
  it('leaving frees the bed and records where the student went', () => {
    const student = given.student('s1', studentEnrolled('s1', onCampus('b001-101')));
    const decision = decideLeaveCampus(
      { studentNumber: 's1', province: 'Shaanxi', city: "Xi'an", riskArea: false },
      { student, currentRoom: givenRoom('b001-101', 4, ['s1']) },
    );
    expect(decision).toEqual([
      {
        streamId: 'student-s1',
        events: [
          event('StudentLeftCampus', {
            studentNumber: 's1',
            previousRoomCode: 'b001-101',
            province: 'Shaanxi',
            city: "Xi'an",
            riskArea: false,
          }),
        ],
      },
      {
        streamId: 'unit-b001-101',
        events: [event('BedFreed', { roomCode: 'b001-101', studentNumber: 's1' })],
      },
    ]);
    expectContractConformance(eventsOf(decision));
    expect(roomCodeOf(eventsOf(decision).reduce(evolveStudent, student))).toBeNull();
  });

  it('refuses to let a student leave twice (409)', () => {
    const student = given.student('s1', studentEnrolled('s1', offCampus));
    expect(
      rejectionOf(() =>
        decideLeaveCampus(
          { studentNumber: 's1', province: 'Hubei', city: 'Wuhan', riskArea: true },
          { student },
        ),
      ),
    ).toMatchObject({ kind: 'conflict', field: 'studentNumber' });
  });

  it('refuses to leave for nowhere (400 province)', () => {
    const student = given.student('s1', studentEnrolled('s1', onCampus('b001-101')));
    expect(
      rejectionOf(() =>
        decideLeaveCampus(
          { studentNumber: 's1', province: '', city: 'Wuhan', riskArea: true },
          { student },
        ),
      ),
    ).toMatchObject({ kind: 'invalid', field: 'province' });
  });

  it('returning takes a bed', () => {
    const student = given.student('s1', studentEnrolled('s1', offCampus));
    const decision = decideReturnToCampus(
      { studentNumber: 's1', roomCode: 'b001-101' },
      { student, room: givenRoom('b001-101', 4) },
    );
    expect(decision).toEqual([
      {
        streamId: 'student-s1',
        events: [
          event('StudentReturnedToCampus', {
            studentNumber: 's1',
            roomCode: 'b001-101',
            roomPath: roomPathOf('b001-101'),
          }),
        ],
      },
      { streamId: 'unit-b001-101', events: [bedAllocated('b001-101', 's1')] },
    ]);
    expectContractConformance(eventsOf(decision));
  });

  it('refuses a return of a student already on campus (409) and into a full room (409)', () => {
    const here = given.student('s1', studentEnrolled('s1', onCampus('b001-101')));
    expect(
      rejectionOf(() =>
        decideReturnToCampus(
          { studentNumber: 's1', roomCode: 'b001-102' },
          { student: here, room: givenRoom('b001-102', 4) },
        ),
      ),
    ).toMatchObject({ kind: 'conflict', field: 'studentNumber' });
    const away = given.student('s1', studentEnrolled('s1', offCampus));
    expect(
      rejectionOf(() =>
        decideReturnToCampus(
          { studentNumber: 's1', roomCode: 'b001-102' },
          { student: away, room: givenRoom('b001-102', 1, ['x']) },
        ),
      ),
    ).toMatchObject({
      kind: 'conflict',
      field: 'roomCode',
      details: { occupancy: 1, capacity: 1 },
    });
  });
});

describe('recording a dietary need', () => {
  const student = given.student('s1', studentEnrolled('s1', offCampus)); // enrolled halal

  it('records a change', () => {
    const events = decideRecordDietaryNeed({ studentNumber: 's1', halal: false }, student);
    expect(events).toEqual([event('DietaryNeedRecorded', { studentNumber: 's1', halal: false })]);
    expectContractConformance(events);
    const changed = events.reduce(evolveStudent, student);
    expect(changed.status === 'enrolled' && changed.halal).toBe(false);
  });

  it('changes nothing for the same value', () => {
    expect(decideRecordDietaryNeed({ studentNumber: 's1', halal: true }, student)).toEqual([]);
  });

  it('refuses an unknown student (404)', () => {
    expect(
      rejectionOf(() =>
        decideRecordDietaryNeed({ studentNumber: 's9', halal: true }, initialStudentState('s9')),
      ),
    ).toMatchObject({
      kind: 'not-found',
      field: 'studentNumber',
    });
  });
});

describe('the student fold', () => {
  it('keeps the class path and residence of the enrolment', () => {
    const student = given.student('s1', studentEnrolled('s1', onCampus('b001-101')));
    expect(student).toMatchObject({
      status: 'enrolled',
      classPath,
      residence: onCampus('b001-101'),
    });
    expect(given.unit('main', residentialLine.campus).status).toBe('created');
  });
});
