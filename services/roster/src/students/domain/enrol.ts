import {
  genders,
  rosterStreamId,
  rosterTextLimits,
  studentTypes,
  type Gender,
  type Residence,
  type StudentType,
} from '@bulwark/contracts';
import {
  DecisionDraft,
  mismatch,
  Rejection,
  requireBoolean,
  requireFormat,
  requireOneOf,
  requireText,
} from '@bulwark/decider';
import { rosterEvent, type RosterDecision, type RosterNewEvent } from '../../roster-events';
import { formats } from '../../roster-formats';
import { decideAllocateBed, requireRoom } from '../../units/domain/room-beds';
import type { UnitState } from '../../units/domain/unit-state';
import { requirePlace, requireStudentNumber } from './student-checks';
import type { StudentState } from './student-state';

export type ResidenceInput =
  | { kind: 'on-campus'; roomCode: string }
  | { kind: 'off-campus'; province: string; city: string; riskArea: boolean };

export interface EnrolStudent {
  studentNumber: string;
  name: string;
  studentType: StudentType;
  classCode: string;
  gender: Gender;
  ethnicity: string;
  halal: boolean;
  phone: string;
  residence: ResidenceInput;
}

/**
 * Puts a student on the roster, in a class and either in a room (taking a bed there) or at a
 * place off campus. Enrolling the same student twice is a conflict: a re-sent import is
 * recognised earlier, by the import plan.
 */
export function decideEnrol(
  command: EnrolStudent,
  states: { student: StudentState; classUnit: UnitState; room?: UnitState | undefined },
): RosterDecision {
  const studentNumber = requireStudentNumber(command.studentNumber, states.student);
  const name = requireText(command.name, 'name', rosterTextLimits.name);
  const studentType = requireOneOf(command.studentType, studentTypes, 'studentType');
  const classCode = requireFormat(command.classCode, formats.unitCode, 'classCode');
  const gender = requireOneOf(command.gender, genders, 'gender');
  const ethnicity = requireText(command.ethnicity, 'ethnicity', rosterTextLimits.ethnicity);
  const halal = requireBoolean(command.halal, 'halal');
  const phone = requireFormat(command.phone, formats.phone, 'phone');
  // Read loosely: the command comes from outside, and every field is checked below.
  const input: Partial<Record<string, unknown>> = command.residence ?? {};
  const kind = requireOneOf(input['kind'], ['on-campus', 'off-campus'] as const, 'residence.kind');
  const where =
    kind === 'on-campus'
      ? { kind, roomCode: requireFormat(input['roomCode'], formats.unitCode, 'residence.roomCode') }
      : { kind, ...requirePlace(input, 'residence.') };

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

  let residence: Residence;
  let roomEvents: RosterNewEvent[] = [];
  if (where.kind === 'on-campus') {
    const { roomCode } = where;
    const room = states.room;
    if (!room) throw new Error(`the state of room ${roomCode} was not given`);
    if (room.code !== roomCode) throw mismatch('room', roomCode, room.code);
    roomEvents = decideAllocateBed(room, studentNumber, 'residence.roomCode');
    residence = { kind: 'on-campus', roomCode, roomPath: [...requireRoom(room).path] };
  } else {
    const { city, province, riskArea } = where;
    residence = { city, kind: 'off-campus', province, riskArea };
  }
  // Keys in sorted order, as canonical JSON writes them: the store then hashes and stores the
  // data without copying it into key order first (enrolment is the morning's hot path).
  const draft = new DecisionDraft<RosterNewEvent>().add(rosterStreamId.student(studentNumber), [
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
  if (where.kind === 'on-campus') draft.add(rosterStreamId.unit(where.roomCode), roomEvents);
  return draft.decision();
}
