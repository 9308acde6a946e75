import { testingLimits } from '@bulwark/contracts';
import { Rejection } from '@bulwark/decider';
import { formats, requireFormat } from '../../rules/domain/formats';
import type { SubmitClassTally, SubmitDormTally } from './commands';
import { testingEvent, type TestingNewEvent } from './events';
import {
  forbidden,
  requireCounsellor,
  requireInstant,
  requireOpen,
  requireStudentNumbers,
} from './guards';
import { studentOf, type OpenRound, type Tally, type TestRoundState } from './state';

function sameStudents(tally: Tally | undefined, studentNumbers: readonly string[]): boolean {
  if (!tally || tally.studentNumbers.length !== studentNumbers.length) return false;
  const before = new Set(tally.studentNumbers);
  return studentNumbers.every((n) => before.has(n));
}

/** Every listed student must be in the round (400 naming the first who is not). */
function requireInRound(round: OpenRound, studentNumbers: readonly string[]) {
  return studentNumbers.map((studentNumber, i) => {
    const found = studentOf(round, studentNumber);
    if (!found) {
      throw Rejection.invalid(
        `studentNumbers[${i}]`,
        `student ${studentNumber} is not in round ${round.roundId}`,
      );
    }
    return found.student;
  });
}

/**
 * The class line: a class counsellor's count, by name, of who in one of their classes was
 * tested. Refused with 403 for a class that is not the counsellor's (the command carries the
 * counsellor's classes), with 400 for a class without students in the round or a student
 * who is not in the round or not in that class. An empty list is allowed: "nobody" said out
 * loud. Submitting again replaces the class's tally; the same list again changes nothing.
 */
export function decideSubmitClassTally(
  command: SubmitClassTally,
  state: TestRoundState,
): TestingNewEvent[] {
  const round = requireOpen(command, state);
  const classCode = requireFormat(command.classCode, formats.unitCode, 'classCode');
  const counsellor = requireCounsellor(command.counsellor, 'counsellor');
  const submittedAt = requireInstant(command.submittedAt, 'submittedAt');
  const studentNumbers = requireStudentNumbers(
    command.studentNumbers,
    'studentNumbers',
    testingLimits.maxTallyStudents,
    { allowEmpty: true },
  );
  if (!counsellor.classes.includes(classCode)) {
    throw forbidden(
      'classCode',
      `class ${classCode} is not one of ${counsellor.actorId}'s classes`,
    );
  }
  if (!round.classSizes.has(classCode)) {
    throw Rejection.invalid('classCode', `class ${classCode} has no students in this round`);
  }
  requireInRound(round, studentNumbers).forEach((student, i) => {
    if (student.classCode !== classCode) {
      throw Rejection.invalid(
        `studentNumbers[${i}]`,
        `student ${student.studentNumber} is in class ${student.classCode}, not ${classCode}`,
        { classCode: student.classCode },
      );
    }
  });
  const previous = round.classTallies.get(classCode);
  if (sameStudents(previous, studentNumbers)) return [];
  return [
    testingEvent('ClassTallySubmitted', {
      roundId: round.roundId,
      date: round.date,
      classCode,
      studentNumbers,
      submittedBy: counsellor.actorId,
      submittedAt,
      submission: (previous?.submission ?? 0) + 1,
    }),
  ];
}

/**
 * The dorm line: a community counsellor's count, by name, of who in a building of their
 * community was tested. 403 for a building outside the counsellor's communities; 400 for a
 * building without students in the round, or a student who is not in the round.
 *
 * A student the round places in another building is accepted: the dorm line counts where
 * people are, and a student who moved room is exactly what the check is there to surface
 * (the totals per building show it, and counted by two buildings it is a discrepancy).
 */
export function decideSubmitDormTally(
  command: SubmitDormTally,
  state: TestRoundState,
): TestingNewEvent[] {
  const round = requireOpen(command, state);
  const buildingCode = requireFormat(command.buildingCode, formats.unitCode, 'buildingCode');
  const counsellor = requireCounsellor(command.counsellor, 'counsellor');
  const submittedAt = requireInstant(command.submittedAt, 'submittedAt');
  const studentNumbers = requireStudentNumbers(
    command.studentNumbers,
    'studentNumbers',
    testingLimits.maxTallyStudents,
    { allowEmpty: true },
  );
  const building = round.buildings.get(buildingCode);
  if (!building) {
    throw Rejection.invalid(
      'buildingCode',
      `building ${buildingCode} has no students in this round`,
    );
  }
  if (!counsellor.communities.includes(building.community)) {
    throw forbidden(
      'buildingCode',
      `building ${buildingCode} is in community ${building.community}, not in ${counsellor.actorId}'s`,
      { community: building.community },
    );
  }
  requireInRound(round, studentNumbers);
  const previous = round.dormTallies.get(buildingCode);
  if (sameStudents(previous, studentNumbers)) return [];
  return [
    testingEvent('DormTallySubmitted', {
      roundId: round.roundId,
      date: round.date,
      community: building.community,
      buildingCode,
      studentNumbers,
      submittedBy: counsellor.actorId,
      submittedAt,
      submission: (previous?.submission ?? 0) + 1,
    }),
  ];
}
