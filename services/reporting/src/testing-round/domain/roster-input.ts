import { rosterTextLimits, type TestRoundStudent } from '@bulwark/contracts';
import { Rejection } from '@bulwark/decider';
import { formats, requireFormat, requireText } from '../../rules/domain/formats';

/**
 * A student on campus as the round knows them: what the service holds from roster's events
 * (StudentEnrolled, StudentAssignedToRoom, StudentReturnedToCampus; off-campus students are
 * not in a round). The room path places the student on the dorm line.
 */
export type RoundStudent = Readonly<Omit<TestRoundStudent, 'classPath' | 'roomPath'>> & {
  /** university, college, grade, class. */
  readonly classPath: readonly string[];
  /** campus, community, building, floor, room. */
  readonly roomPath: readonly string[];
};

/** The code at one level of a student's room path; the roster's contract makes it five long. */
function roomLevel(student: RoundStudent, index: number): string {
  const code = student.roomPath[index];
  if (code === undefined) throw new Error(`room path of ${student.studentNumber} is too short`);
  return code;
}

export const communityOf = (student: RoundStudent): string => roomLevel(student, 1);
export const buildingOf = (student: RoundStudent): string => roomLevel(student, 2);
export const floorOf = (student: RoundStudent): string => roomLevel(student, 3);

/** The student as an event carries them (plain arrays). */
export function studentRecord(student: RoundStudent): TestRoundStudent {
  return {
    studentNumber: student.studentNumber,
    name: student.name,
    classCode: student.classCode,
    classPath: [...student.classPath],
    roomCode: student.roomCode,
    roomPath: [...student.roomPath],
  };
}

function requirePath(value: unknown, length: number, last: string, field: string): string[] {
  if (!Array.isArray(value) || value.length !== length) {
    throw Rejection.invalid(field, `${field} must list ${length} unit codes`);
  }
  value.forEach((code, i) => requireFormat(code, formats.unitCode, `${field}[${i}]`));
  if (value[length - 1] !== last) {
    throw Rejection.invalid(field, `${field} must end with ${last}`);
  }
  return value as string[];
}

/**
 * Checks a snapshot of students on campus: formats, a 4-code class path ending in the class,
 * a 5-code room path ending in the room, and no student twice. Linear; throws the first
 * problem as a 400 naming `students[i].<field>`.
 */
export function requireRoundStudents(value: unknown, field = 'students'): RoundStudent[] {
  if (!Array.isArray(value)) throw Rejection.invalid(field, `${field} must be a list of students`);
  const seen = new Set<string>();
  return value.map((input: Partial<Record<keyof RoundStudent, unknown>> | null, i) => {
    const at = `${field}[${i}]`;
    if (typeof input !== 'object' || input === null) {
      throw Rejection.invalid(at, `${at} must be a student`);
    }
    const studentNumber = requireFormat(
      input.studentNumber,
      formats.studentNumber,
      `${at}.studentNumber`,
    );
    if (seen.has(studentNumber)) {
      throw Rejection.invalid(
        `${at}.studentNumber`,
        `student ${studentNumber} is listed twice in ${field}`,
      );
    }
    seen.add(studentNumber);
    const name = requireText(input.name, `${at}.name`, rosterTextLimits.name);
    const classCode = requireFormat(input.classCode, formats.unitCode, `${at}.classCode`);
    const roomCode = requireFormat(input.roomCode, formats.unitCode, `${at}.roomCode`);
    const classPath = requirePath(input.classPath, 4, classCode, `${at}.classPath`);
    const roomPath = requirePath(input.roomPath, 5, roomCode, `${at}.roomPath`);
    return { studentNumber, name, classCode, classPath, roomCode, roomPath };
  });
}
