import { Injectable } from '@nestjs/common';
import { rosterStreamId } from '@bulwark/contracts';
import { assertCoversUnit, type Actor } from '@bulwark/auth';
import { PostgresEventStore } from '@bulwark/event-store';
import { appendDecision, runRosterCommand } from '../run-roster-command';
import { KnownClasses } from '../units/known-classes';
import { unitOf } from '../units/unit-stream';
import { decideRecordDietaryNeed, type RecordDietaryNeed } from './domain/dietary-need';
import { decideEnrol, type EnrolStudent } from './domain/enrol';
import {
  decideLeaveCampus,
  decideReturnToCampus,
  type LeaveCampus,
  type ReturnToCampus,
} from './domain/leave-and-return';
import { decideAssignToRoom, type AssignStudentToRoom } from './domain/move-room';
import { roomCodeOf, type StudentState } from './domain/student-state';
import { studentOf } from './student-stream';

/** Only the student's own class line decides who may act on them. */
function assertCoversStudent(actor: Actor, student: StudentState, what: string): void {
  if (student.status === 'enrolled') assertCoversUnit(actor, [...student.classPath], what);
}

/**
 * Enrolment and what happens to a student after it: a move, leaving and returning to campus,
 * a dietary need. A command that takes or frees a bed also reads and appends to the room's
 * stream, in the same commit as the student's.
 */
@Injectable()
export class StudentCommands {
  constructor(
    private readonly store: PostgresEventStore,
    private readonly knownClasses: KnownClasses,
  ) {}

  enrol(cmd: EnrolStudent, actor: Actor, commandId?: string) {
    return runRosterCommand(this.store, actor, commandId, async (uow) => {
      const roomCode = cmd.residence.kind === 'on-campus' ? cmd.residence.roomCode : null;
      const knownClass = this.knownClasses.get(cmd.classCode);
      // A student being enrolled is normally new: no read; the append expects no stream.
      await uow.assumeNew(rosterStreamId.student(cmd.studentNumber));
      await uow.load(
        ...(knownClass ? [] : [rosterStreamId.unit(cmd.classCode)]),
        ...(roomCode ? [rosterStreamId.unit(roomCode)] : []),
      );
      const classUnit = knownClass ?? this.knownClasses.remember(await unitOf(uow, cmd.classCode));
      if (classUnit.status === 'created')
        assertCoversUnit(actor, [...classUnit.path], 'enrol a student');
      const decision = decideEnrol(cmd, {
        student: await studentOf(uow, cmd.studentNumber),
        classUnit,
        room: roomCode ? await unitOf(uow, roomCode) : undefined,
      });
      appendDecision(uow, decision);
      return { studentNumber: cmd.studentNumber };
    });
  }

  assignToRoom(cmd: AssignStudentToRoom, actor: Actor, commandId?: string) {
    return runRosterCommand(this.store, actor, commandId, async (uow) => {
      const student = await studentOf(uow, cmd.studentNumber);
      assertCoversStudent(actor, student, 'move a student');
      const current = roomCodeOf(student);
      await uow.load(
        rosterStreamId.unit(cmd.roomCode),
        ...(current ? [rosterStreamId.unit(current)] : []),
      );
      appendDecision(
        uow,
        decideAssignToRoom(cmd, {
          student,
          currentRoom: current ? await unitOf(uow, current) : undefined,
          targetRoom: await unitOf(uow, cmd.roomCode),
        }),
      );
      return { studentNumber: cmd.studentNumber, roomCode: cmd.roomCode };
    });
  }

  leaveCampus(cmd: LeaveCampus, actor: Actor, commandId?: string) {
    return runRosterCommand(this.store, actor, commandId, async (uow) => {
      const student = await studentOf(uow, cmd.studentNumber);
      assertCoversStudent(actor, student, 'record a student leaving campus');
      const current = roomCodeOf(student);
      appendDecision(
        uow,
        decideLeaveCampus(cmd, {
          student,
          currentRoom: current ? await unitOf(uow, current) : undefined,
        }),
      );
      return { studentNumber: cmd.studentNumber };
    });
  }

  returnToCampus(cmd: ReturnToCampus, actor: Actor, commandId?: string) {
    return runRosterCommand(this.store, actor, commandId, async (uow) => {
      await uow.load(rosterStreamId.student(cmd.studentNumber), rosterStreamId.unit(cmd.roomCode));
      const student = await studentOf(uow, cmd.studentNumber);
      assertCoversStudent(actor, student, 'return a student to campus');
      appendDecision(
        uow,
        decideReturnToCampus(cmd, { student, room: await unitOf(uow, cmd.roomCode) }),
      );
      return { studentNumber: cmd.studentNumber, roomCode: cmd.roomCode };
    });
  }

  recordDietaryNeed(cmd: RecordDietaryNeed, actor: Actor, commandId?: string) {
    return runRosterCommand(this.store, actor, commandId, async (uow) => {
      const student = await studentOf(uow, cmd.studentNumber);
      assertCoversStudent(actor, student, 'record a dietary need');
      uow.append(rosterStreamId.student(cmd.studentNumber), decideRecordDietaryNeed(cmd, student));
      return { studentNumber: cmd.studentNumber, halal: cmd.halal };
    });
  }
}
