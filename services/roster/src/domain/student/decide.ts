import {
  genders,
  rosterStreamId,
  rosterTextLimits,
  studentTypes,
  type Residence,
} from '@bulwark/contracts';
import { Rejection } from '@bulwark/decider';
import { DecisionDraft, type Decision } from '../decision';
import { rosterEvent, type RosterNewEvent } from '../events';
import {
  formats,
  mismatch,
  requireBoolean,
  requireFormat,
  requireOneOf,
  requireText,
} from '../fields';
import { decideAllocateBed, decideFreeBed, requireRoom } from '../unit/decide';
import type { UnitState } from '../unit/state';
import type {
  AssignStudentToRoom,
  EnrolStudent,
  LeaveCampus,
  RecordDietaryNeed,
  ReturnToCampus,
} from './commands';
import { roomCodeOf, type EnrolledStudent, type StudentState } from './state';

function requireStudentNumber(value: unknown, student: StudentState): string {
  const studentNumber = requireFormat(value, formats.studentNumber, 'studentNumber');
  if (student.studentNumber !== studentNumber) {
    throw mismatch('student', studentNumber, student.studentNumber);
  }
  return studentNumber;
}

function requireEnrolled(student: StudentState): EnrolledStudent {
  if (student.status !== 'enrolled') {
    throw Rejection.notFound(
      'studentNumber',
      `student ${student.studentNumber} is not on the roster`,
    );
  }
  return student;
}

function requirePlace(
  input: { province?: unknown; city?: unknown; riskArea?: unknown },
  prefix: string,
): { province: string; city: string; riskArea: boolean } {
  return {
    province: requireText(input.province, `${prefix}province`, rosterTextLimits.place),
    city: requireText(input.city, `${prefix}city`, rosterTextLimits.place),
    riskArea: requireBoolean(input.riskArea, `${prefix}riskArea`),
  };
}

/** The state of the room the student lives in, checked against the student's own record. */
function currentRoomOf(student: EnrolledStudent, room: UnitState | undefined): UnitState {
  const code = roomCodeOf(student);
  if (code === null) throw new Error(`student ${student.studentNumber} has no room`);
  if (!room) throw new Error(`the state of room ${code} was not given`);
  if (room.code !== code) throw mismatch('current room', code, room.code);
  return room;
}

/**
 * Puts a student on the roster, in a class and either in a room (taking a bed there) or at a
 * place off campus. Enrolling the same student twice is a conflict: a re-sent import is
 * recognised earlier, by the import plan.
 */
export function decideEnrol(
  command: EnrolStudent,
  states: { student: StudentState; classUnit: UnitState; room?: UnitState },
): Decision {
  const studentNumber = requireStudentNumber(command.studentNumber, states.student);
  const name = requireText(command.name, 'name', rosterTextLimits.name);
  const studentType = requireOneOf(command.studentType, studentTypes, 'studentType');
  const classCode = requireFormat(command.classCode, formats.unitCode, 'classCode');
  const gender = requireOneOf(command.gender, genders, 'gender');
  const ethnicity = requireText(command.ethnicity, 'ethnicity', rosterTextLimits.ethnicity);
  const halal = requireBoolean(command.halal, 'halal');
  const phone = requireFormat(command.phone, formats.phone, 'phone');
  const input: Partial<Record<string, unknown>> = command.residence ?? {};
  const kind = requireOneOf(input['kind'], ['on-campus', 'off-campus'] as const, 'residence.kind');
  const roomCode =
    kind === 'on-campus'
      ? requireFormat(input['roomCode'], formats.unitCode, 'residence.roomCode')
      : null;
  const place = kind === 'off-campus' ? requirePlace(input, 'residence.') : null;

  if (states.student.status === 'enrolled') {
    throw Rejection.conflict('studentNumber', `student ${studentNumber} is already on the roster`, {
      studentNumber,
      classCode: states.student.classCode,
    });
  }
  const classUnit = states.classUnit;
  if (classUnit.code !== classCode) throw mismatch('class', classCode, classUnit.code);
  if (classUnit.status === 'absent')
    throw Rejection.invalid('classCode', `class ${classCode} does not exist`);
  if (classUnit.level !== 'class') {
    throw Rejection.invalid('classCode', `${classCode} is a ${classUnit.level}, not a class`);
  }

  const draft = new DecisionDraft();
  let residence: Residence;
  let roomEvents: RosterNewEvent[] = [];
  if (roomCode !== null) {
    const room = states.room;
    if (!room) throw new Error(`the state of room ${roomCode} was not given`);
    if (room.code !== roomCode) throw mismatch('room', roomCode, room.code);
    roomEvents = decideAllocateBed(room, studentNumber, 'residence.roomCode');
    residence = { kind: 'on-campus', roomCode, roomPath: [...requireRoom(room).path] };
  } else {
    residence = {
      city: place!.city,
      kind: 'off-campus',
      province: place!.province,
      riskArea: place!.riskArea,
    };
  }
  // Keys in sorted order, as canonical JSON writes them: the store then hashes and stores the
  // data without copying it into key order first (enrolment is the morning's hot path).
  draft.add(rosterStreamId.student(studentNumber), [
    rosterEvent('StudentEnrolled', {
      classCode,
      classPath: [...classUnit.path],
      ethnicity,
      gender,
      halal,
      name,
      phone,
      residence,
      studentNumber,
      studentType,
    }),
  ]);
  if (roomCode !== null) draft.add(rosterStreamId.unit(roomCode), roomEvents);
  return draft.decision();
}

/**
 * Moves an on-campus student to another room: frees the old bed, takes a new one. The same
 * room is no change. An off-campus student comes back through decideReturnToCampus instead,
 * so that a return is always an event of its own.
 */
export function decideAssignToRoom(
  command: AssignStudentToRoom,
  states: { student: StudentState; currentRoom?: UnitState; targetRoom: UnitState },
): Decision {
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
  return new DecisionDraft()
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

/** A student leaves campus for a place (province, city, risk area); their bed is freed. */
export function decideLeaveCampus(
  command: LeaveCampus,
  states: { student: StudentState; currentRoom?: UnitState },
): Decision {
  const studentNumber = requireStudentNumber(command.studentNumber, states.student);
  const place = requirePlace(command, '');
  const student = requireEnrolled(states.student);
  const previousRoomCode = roomCodeOf(student);
  if (previousRoomCode === null) {
    throw Rejection.conflict('studentNumber', `student ${studentNumber} is already off campus`);
  }
  const freed = decideFreeBed(currentRoomOf(student, states.currentRoom), studentNumber);
  return new DecisionDraft()
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
): Decision {
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
  return new DecisionDraft()
    .add(rosterStreamId.unit(roomCode), allocated)
    .add(rosterStreamId.student(studentNumber), [
      rosterEvent('StudentReturnedToCampus', { studentNumber, roomCode, roomPath: [...room.path] }),
    ])
    .decision();
}

/** Records whether a student eats halal; the same value again changes nothing. */
export function decideRecordDietaryNeed(
  command: RecordDietaryNeed,
  student: StudentState,
): RosterNewEvent[] {
  const studentNumber = requireStudentNumber(command.studentNumber, student);
  const halal = requireBoolean(command.halal, 'halal');
  const enrolled = requireEnrolled(student);
  if (enrolled.halal === halal) return [];
  return [rosterEvent('DietaryNeedRecorded', { studentNumber, halal })];
}
