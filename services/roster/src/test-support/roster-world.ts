import { rosterStreamId } from '@bulwark/contracts';
import type { RosterDecision, RosterNewEvent } from '../roster-events';
import { evolveRelocation } from '../relocations/domain/evolve-relocation';
import {
  initialRelocationState,
  type RelocationState,
} from '../relocations/domain/relocation-state';
import {
  knownRoomOf,
  knownStudentOf,
  type KnownClass,
  type KnownRoom,
  type KnownRoster,
  type KnownStudent,
} from '../roster-import/domain/plan-import';
import { decideEnrol, type EnrolStudent } from '../students/domain/enrol';
import { evolveStudent } from '../students/domain/evolve-student';
import { initialStudentState, type StudentState } from '../students/domain/student-state';
import { decideCreateUnit, type CreateUnit } from '../units/domain/create-unit';
import { evolveUnit } from '../units/domain/evolve-unit';
import { initialUnitState, isRoom, type UnitState } from '../units/domain/unit-state';

/**
 * The roster's streams in memory, for tests that run many decisions in a row: what the
 * application layer does (read, decide, append), minus the database. States are kept folded.
 */
export class RosterWorld {
  readonly streams = new Map<string, RosterNewEvent[]>();
  readonly units = new Map<string, UnitState>();
  readonly students = new Map<string, StudentState>();
  readonly relocations = new Map<string, RelocationState>();

  unit(code: string): UnitState {
    return this.units.get(code) ?? initialUnitState(code);
  }

  student(studentNumber: string): StudentState {
    return this.students.get(studentNumber) ?? initialStudentState(studentNumber);
  }

  relocation(relocationId: string): RelocationState {
    return this.relocations.get(relocationId) ?? initialRelocationState(relocationId);
  }

  append(streamId: string, events: RosterNewEvent[]): void {
    this.streams.set(streamId, [...(this.streams.get(streamId) ?? []), ...events]);
    const [kind, ...rest] = streamId.split('-');
    const id = rest.join('-');
    for (const event of events) {
      if (kind === 'unit') this.units.set(id, evolveUnit(this.unit(id), event));
      else if (kind === 'student') this.students.set(id, evolveStudent(this.student(id), event));
      else this.relocations.set(id, evolveRelocation(this.relocation(id), event));
    }
  }

  apply(decision: RosterDecision): void {
    for (const { streamId, events } of decision) this.append(streamId, events);
  }

  createUnits(commands: readonly CreateUnit[]): void {
    for (const command of commands) {
      const parent = command.parentCode ? this.unit(command.parentCode) : undefined;
      this.append(
        rosterStreamId.unit(command.code),
        decideCreateUnit(command, { unit: this.unit(command.code), parent }),
      );
    }
  }

  enrol(command: EnrolStudent): RosterDecision {
    const decision = decideEnrol(command, {
      student: this.student(command.studentNumber),
      classUnit: this.unit(command.classCode),
      room:
        command.residence.kind === 'on-campus' ? this.unit(command.residence.roomCode) : undefined,
    });
    this.apply(decision);
    return decision;
  }

  allEvents(): RosterNewEvent[] {
    return [...this.streams.values()].flat();
  }

  /** What the import planner needs, as the read tables would hold it. */
  known(): KnownRoster {
    const classes = new Map<string, KnownClass>();
    const rooms = new Map<string, KnownRoom>();
    const students = new Map<string, KnownStudent>();
    for (const unit of this.units.values()) {
      if (unit.status === 'created' && unit.level === 'class')
        classes.set(unit.code, { path: unit.path });
      if (isRoom(unit)) rooms.set(unit.code, knownRoomOf(unit));
    }
    for (const student of this.students.values()) {
      if (student.status === 'enrolled')
        students.set(student.studentNumber, knownStudentOf(student));
    }
    return { classes, rooms, students };
  }
}
