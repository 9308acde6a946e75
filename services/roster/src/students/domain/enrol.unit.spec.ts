import { eventsOf, given } from '@bulwark/decider';
import { expectContractConformance } from '../../test-support/contract-check';
import {
  academicLine,
  bedAllocated,
  classPath,
  offCampus,
  onCampus,
  residentialLine,
  roomWith,
  streamsOf,
  studentAfter,
  studentEnrolled,
  unitAfter,
} from '../../test-support/roster-fixtures';
import { initialUnitState } from '../../units/domain/unit-state';
import { decideEnrol, type EnrolStudent } from './enrol';
import { evolveStudent } from './evolve-student';
import { initialStudentState, type StudentState } from './student-state';

const klass = unitAfter('sem-2020-ug-01', academicLine.class);
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
/** Stream `student-<number>` before the student is on the roster. */
const notEnrolled = (studentNumber = '2020100001') =>
  given(initialStudentState(studentNumber), evolveStudent);

describe('enrolling a student', () => {
  it('enrols on campus: the student on their stream, the bed on the room stream', () => {
    // given a class and a room with one free bed
    const room = roomWith('b001-101', 2, ['2020100002']);
    const enrol = (student: StudentState) =>
      decideEnrol(enrolOnCampus, { student, classUnit: klass, room });
    // when / then
    const events = notEnrolled()
      .when((student) => eventsOf(enrol(student)))
      .then([
        studentEnrolled('2020100001', onCampus('b001-101')),
        bedAllocated('b001-101', '2020100001'),
      ]);
    expect(streamsOf(enrol(notEnrolled().state))).toEqual(['student-2020100001', 'unit-b001-101']);
    expectContractConformance(events);
  });

  it('enrols off campus, touching only the student stream', () => {
    const enrol = (student: StudentState) =>
      decideEnrol(enrolOffCampus, { student, classUnit: klass });
    const events = notEnrolled()
      .when((student) => eventsOf(enrol(student)))
      .then([studentEnrolled('2020100001', offCampus)]);
    expect(streamsOf(enrol(notEnrolled().state))).toEqual(['student-2020100001']);
    expectContractConformance(events);
  });

  it('refuses to enrol the same student twice (409 studentNumber)', () => {
    given(initialStudentState('2020100001'), evolveStudent, [
      studentEnrolled('2020100001', offCampus),
    ])
      .when((student) => eventsOf(decideEnrol(enrolOffCampus, { student, classUnit: klass })))
      .thenRejects('conflict', 'studentNumber');
  });

  it('refuses a class that does not exist or is not a class (400 either way: the body names it)', () => {
    const command = { ...enrolOffCampus, classCode: 'sem-2020' };
    notEnrolled()
      .when((student) =>
        eventsOf(decideEnrol(command, { student, classUnit: initialUnitState('sem-2020') })),
      )
      .thenRejects('invalid', 'classCode');
    notEnrolled()
      .when((student) =>
        eventsOf(
          decideEnrol(command, { student, classUnit: unitAfter('sem-2020', academicLine.grade) }),
        ),
      )
      .thenRejects('invalid', 'classCode');
  });

  it('refuses a full room with its occupancy (409)', () => {
    const room = roomWith('b001-101', 2, ['a', 'b']);
    const rejection = notEnrolled()
      .when((student) => eventsOf(decideEnrol(enrolOnCampus, { student, classUnit: klass, room })))
      .thenRejects('conflict', 'residence.roomCode');
    expect(rejection.details).toMatchObject({ occupancy: 2, capacity: 2 });
  });

  it('refuses a room that does not exist (400: the body names it)', () => {
    const room = initialUnitState('b001-101');
    notEnrolled()
      .when((student) => eventsOf(decideEnrol(enrolOnCampus, { student, classUnit: klass, room })))
      .thenRejects('invalid', 'residence.roomCode');
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
    notEnrolled(command.studentNumber)
      .when((student) => eventsOf(decideEnrol(command, { student, classUnit: klass })))
      .thenRejects('invalid', field);
  });

  it('keeps a name of 100 Chinese characters outside the BMP', () => {
    const name = '𠀀'.repeat(100); // 200 UTF-16 units, 100 code points
    const command = { ...enrolOffCampus, name };
    const enrolled = studentEnrolled('2020100001', offCampus);
    const events = notEnrolled()
      .when((student) => eventsOf(decideEnrol(command, { student, classUnit: klass })))
      .then([{ type: enrolled.type, data: { ...enrolled.data, name } }]);
    expectContractConformance(events);
  });
});

describe('the student fold', () => {
  it('keeps the class path and residence of the enrolment', () => {
    const student = studentAfter('s1', studentEnrolled('s1', onCampus('b001-101')));
    expect(student).toMatchObject({
      status: 'enrolled',
      classPath,
      residence: onCampus('b001-101'),
    });
    expect(unitAfter('main', residentialLine.campus).status).toBe('created');
  });
});
