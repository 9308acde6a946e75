import type { Actor } from '@bulwark/auth';
import type { NewEvent } from '@bulwark/decider';
import { rosterMigrations } from '../../services/roster/src/migrations';
import { parseRosterCsv } from '../../services/roster/src/roster-import/domain/parse-roster';
import { decideEnrol, type EnrolStudent } from '../../services/roster/src/students/domain/enrol';
import { initialStudentState } from '../../services/roster/src/students/domain/student-state';
import { StudentCommands } from '../../services/roster/src/students/student-commands';
import { sampleCampus } from '../../services/roster/src/test-support/sample-roster';
import { at } from './checked';
import {
  decideCreateUnit,
  type CreateUnit,
} from '../../services/roster/src/units/domain/create-unit';
import { evolveUnit } from '../../services/roster/src/units/domain/evolve-unit';
import {
  initialUnitState,
  type UnitState,
} from '../../services/roster/src/units/domain/unit-state';
import { KnownClasses } from '../../services/roster/src/units/known-classes';
import { UnitCommands } from '../../services/roster/src/units/unit-commands';

export { KnownClasses, rosterMigrations, StudentCommands, UnitCommands };
export type { EnrolStudent };

/** The student-affairs office with the whole university in scope. */
export const benchActor: Actor = {
  id: 'bench',
  name: 'Bench',
  roles: ['student-affairs'],
  scopes: ['*'],
};

/** A sample campus, everyone off campus: the class hierarchy and the students to enrol. */
export interface RosterWorkload {
  /** Create-unit commands in waves: every unit's parent is in an earlier wave. */
  unitWaves: CreateUnit[][];
  students: EnrolStudent[];
  /** The StudentEnrolled event of `student`, exactly as roster's decider makes it. */
  enrolledEvent(student: EnrolStudent): NewEvent;
}

export function rosterWorkload(students: number): RosterWorkload {
  const sample = sampleCampus({ students, onCampusShare: 0 });
  const parsed = parseRosterCsv(sample.csv);
  if (parsed.errors.length) {
    throw new Error(`sample roster does not parse: ${JSON.stringify(parsed.errors[0])}`);
  }

  const states = new Map<string, UnitState>();
  const depth = new Map<string, number>();
  const unitWaves: CreateUnit[][] = [];
  for (const unit of sample.units) {
    const parent = unit.parentCode ? states.get(unit.parentCode) : undefined;
    const events = decideCreateUnit(unit, { unit: initialUnitState(unit.code), parent });
    states.set(unit.code, events.reduce(evolveUnit, initialUnitState(unit.code)));
    const level = unit.parentCode ? depth.get(unit.parentCode)! + 1 : 0;
    depth.set(unit.code, level);
    (unitWaves[level] ??= []).push(unit);
  }

  return {
    unitWaves,
    students: parsed.rows.map(({ line: _line, ...command }) => command),
    enrolledEvent(student) {
      const classUnit = states.get(student.classCode);
      if (!classUnit) throw new Error(`no class ${student.classCode}`);
      const decision = decideEnrol(student, {
        student: initialStudentState(student.studentNumber),
        classUnit,
      });
      return at(at(decision, 0).events, 0);
    },
  };
}
