import { ForbiddenException, Injectable } from '@nestjs/common';
import { rosterStreamId } from '@bulwark/contracts';
import { coversUnit, type Actor } from '@bulwark/auth';
import { eventsFor, Rejection } from '@bulwark/decider';
import { PostgresEventStore } from '@bulwark/event-store';
import { appendDecision, runRosterCommand } from '../run-roster-command';
import { decideEnrol } from '../students/domain/enrol';
import { studentOf } from '../students/student-stream';
import { evolveUnit } from '../units/domain/evolve-unit';
import { isRoom, type UnitState } from '../units/domain/unit-state';
import { unitOf } from '../units/unit-stream';
import { parseRosterCsv } from './domain/parse-roster';
import {
  knownRoomOf,
  knownStudentOf,
  planImport,
  type KnownClass,
  type KnownRoom,
  type KnownStudent,
} from './domain/plan-import';

export interface ImportReport {
  dryRun: boolean;
  rows: number;
  enrolled: number;
  unchanged: number;
}

/** The state of a unit the import read; every class and room the file names was read. */
function readUnit(units: ReadonlyMap<string, UnitState>, code: string): UnitState {
  const unit = units.get(code);
  if (!unit) throw new Error(`unit ${code} was not read for the import`);
  return unit;
}

/**
 * Bulk import of a roster file, the way schools hold rosters: every bad row is reported with
 * its line and reason and nothing is written; otherwise every new student is enrolled in one
 * commit (all or nothing). Students already on the roster with the same data are left alone,
 * so a re-sent file changes nothing.
 */
@Injectable()
export class RosterImportCommands {
  constructor(private readonly store: PostgresEventStore) {}

  async importRoster(csv: string, dryRun: boolean, actor: Actor, commandId?: string) {
    const parsed = parseRosterCsv(csv);
    const rows = parsed.rows;
    const classCodes = [...new Set(rows.map((r) => r.classCode))];
    const roomCodes = [
      ...new Set(
        rows.flatMap((r) => (r.residence.kind === 'on-campus' ? [r.residence.roomCode] : [])),
      ),
    ];
    return runRosterCommand<ImportReport>(this.store, actor, commandId, async (uow) => {
      await uow.load(
        ...classCodes.map((c) => rosterStreamId.unit(c)),
        ...roomCodes.map((c) => rosterStreamId.unit(c)),
        ...rows.map((r) => rosterStreamId.student(r.studentNumber)),
      );
      const units = new Map<string, UnitState>();
      for (const code of [...classCodes, ...roomCodes]) units.set(code, await unitOf(uow, code));
      const known = {
        classes: new Map<string, KnownClass>(),
        rooms: new Map<string, KnownRoom>(),
        students: new Map<string, KnownStudent>(),
      };
      for (const code of classCodes) {
        const unit = readUnit(units, code);
        if (unit.status === 'created' && unit.level === 'class')
          known.classes.set(code, { path: unit.path });
      }
      for (const code of roomCodes) {
        const unit = readUnit(units, code);
        if (isRoom(unit)) known.rooms.set(code, knownRoomOf(unit));
      }
      for (const row of rows) {
        const student = await studentOf(uow, row.studentNumber);
        if (student.status === 'enrolled')
          known.students.set(row.studentNumber, knownStudentOf(student));
      }

      const outside = classCodes.filter((code) => {
        const knownClass = known.classes.get(code);
        return knownClass !== undefined && !coversUnit(actor, [...knownClass.path]);
      });
      if (outside.length > 0) {
        throw new ForbiddenException({
          statusCode: 403,
          error: 'Forbidden',
          message: `classes outside your scopes (${actor.scopes.join(', ')}): ${outside.join(', ')}`,
          errors: rows
            .filter((r) => outside.includes(r.classCode))
            .slice(0, 100)
            .map((r) => ({
              line: r.line,
              field: 'class',
              reason: `class ${r.classCode} is outside your scopes`,
            })),
        });
      }

      const plan = planImport(rows, known);
      const errors = [...parsed.errors, ...plan.errors].sort((a, b) => a.line - b.line);
      if (errors.length > 0) {
        throw Rejection.invalid(
          'csv',
          `${errors.length} problem(s) in the roster file; nothing was imported`,
          { errors },
        );
      }
      const report: ImportReport = {
        dryRun,
        rows: rows.length,
        enrolled: plan.counts.enrol,
        unchanged: plan.counts.unchanged,
      };
      if (dryRun) return report;

      for (const planned of plan.rows) {
        if (planned.action !== 'enrol') continue;
        const cmd = planned.command;
        const roomCode = cmd.residence.kind === 'on-campus' ? cmd.residence.roomCode : null;
        const room = roomCode === null ? undefined : readUnit(units, roomCode);
        const decision = decideEnrol(cmd, {
          student: await studentOf(uow, cmd.studentNumber),
          classUnit: readUnit(units, cmd.classCode),
          room,
        });
        appendDecision(uow, decision);
        // Later rows of the file see the beds that earlier rows took.
        if (roomCode !== null && room !== undefined) {
          const roomEvents = eventsFor(decision, rosterStreamId.unit(roomCode));
          units.set(roomCode, roomEvents.reduce(evolveUnit, room));
        }
      }
      return report;
    });
  }
}
