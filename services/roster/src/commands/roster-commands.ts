import { Injectable } from '@nestjs/common';
import { rosterStreamId } from '@bulwark/contracts';
import { assertCoversUnit, type Actor } from '@bulwark/auth';
import {
  CommandContext,
  CommandOutcome,
  PostgresEventStore,
  runCommand,
} from '@bulwark/event-store';
import {
  decideRelocate,
  roomsInvolved,
  studentsMoved,
  type RelocateRooms,
} from '../domain/relocation';
import {
  decideAssignToRoom,
  decideEnrol,
  decideLeaveCampus,
  decideRecordDietaryNeed,
  decideReturnToCampus,
  roomCodeOf,
  type AssignStudentToRoom,
  type EnrolStudent,
  type LeaveCampus,
  type RecordDietaryNeed,
  type ReturnToCampus,
  type StudentState,
} from '../domain/student';
import {
  decideAssignStaff,
  decideCreateUnit,
  evolveUnit,
  initialUnitState,
  type AssignStaffToUnit,
  type CreateUnit,
  type UnitState,
} from '../domain/unit';
import { KnownClasses } from './known-classes';
import { appendDecision, relocationOf, studentOf, unitOf } from './streams';

/** Where a unit sits, for scope checks; [] for an absent unit (the decider then says 404). */
const pathOf = (unit: UnitState | undefined): readonly string[] =>
  unit && unit.status === 'created' ? unit.path : [];

/** Only the student's own class line decides who may act on them. */
function assertCoversStudent(actor: Actor, student: StudentState, what: string): void {
  if (student.status === 'enrolled') assertCoversUnit(actor, [...student.classPath], what);
}

/**
 * Roster's command handlers: read the streams a command needs, check the actor's scope,
 * decide (pure), append with the versions read. Retries on a concurrent write are in
 * runCommand; a repeat with the same Idempotency-Key returns the first answer.
 */
@Injectable()
export class RosterCommands {
  private readonly knownClasses = new KnownClasses();

  constructor(private readonly store: PostgresEventStore) {}

  private run<R>(
    actor: Actor,
    commandId: string | undefined,
    execute: Parameters<typeof runCommand<R>>[2],
  ) {
    const ctx: CommandContext = { actor: actor.id, commandId };
    return runCommand<R>(this.store, ctx, execute);
  }

  async createUnit(
    cmd: CreateUnit,
    actor: Actor,
    commandId?: string,
  ): Promise<CommandOutcome<{ code: string }>> {
    const outcome = await this.run(actor, commandId, async (uow) => {
      const stream = rosterStreamId.unit(cmd.code);
      await uow.load(stream, ...(cmd.parentCode ? [rosterStreamId.unit(cmd.parentCode)] : []));
      const unit = await unitOf(uow, cmd.code);
      const parent = cmd.parentCode ? await unitOf(uow, cmd.parentCode) : undefined;
      // A top-level unit (university, campus) needs the whole-university scope.
      if (!cmd.parentCode || parent?.status === 'created')
        assertCoversUnit(actor, [...pathOf(parent)], 'create a unit');
      uow.append(stream, decideCreateUnit(cmd, { unit, parent }));
      return { code: cmd.code };
    });
    // A class this process created is known from its committed events, without a read.
    if (outcome.events.length > 0) {
      this.knownClasses.remember(outcome.events.reduce(evolveUnit, initialUnitState(cmd.code)));
    }
    return outcome;
  }

  assignStaff(cmd: AssignStaffToUnit, actor: Actor, commandId?: string) {
    return this.run(actor, commandId, async (uow) => {
      const unit = await unitOf(uow, cmd.unitCode);
      if (unit.status === 'created') assertCoversUnit(actor, [...unit.path], 'assign staff');
      uow.append(rosterStreamId.unit(cmd.unitCode), decideAssignStaff(cmd, unit));
      return { unitCode: cmd.unitCode, staffId: cmd.staffId, role: cmd.role };
    });
  }

  enrol(cmd: EnrolStudent, actor: Actor, commandId?: string) {
    return this.run(actor, commandId, async (uow) => {
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
    return this.run(actor, commandId, async (uow) => {
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
    return this.run(actor, commandId, async (uow) => {
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
    return this.run(actor, commandId, async (uow) => {
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
    return this.run(actor, commandId, async (uow) => {
      const student = await studentOf(uow, cmd.studentNumber);
      assertCoversStudent(actor, student, 'record a dietary need');
      uow.append(rosterStreamId.student(cmd.studentNumber), decideRecordDietaryNeed(cmd, student));
      return { studentNumber: cmd.studentNumber, halal: cmd.halal };
    });
  }

  /** The emergency move of many rooms: every room, student and the relocation in one commit. */
  relocate(cmd: RelocateRooms, actor: Actor, commandId?: string) {
    return this.run(actor, commandId, async (uow) => {
      const codes = roomsInvolved(cmd);
      await uow.load(
        rosterStreamId.relocation(cmd.relocationId),
        ...codes.map((c) => rosterStreamId.unit(c)),
      );
      const rooms = new Map<string, UnitState>();
      for (const code of codes) {
        const room = await unitOf(uow, code);
        if (room.status === 'created') assertCoversUnit(actor, [...room.path], 'relocate rooms');
        rooms.set(code, room);
      }
      const movers = studentsMoved(cmd, rooms);
      await uow.load(...movers.map((n) => rosterStreamId.student(n)));
      const decision = decideRelocate(cmd, {
        relocation: await relocationOf(uow, cmd.relocationId),
        rooms,
      });
      appendDecision(uow, decision);
      return { relocationId: cmd.relocationId, rooms: codes.length, studentsMoved: movers.length };
    });
  }
}
