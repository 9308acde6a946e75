import { Injectable } from '@nestjs/common';
import { rosterStreamId } from '@bulwark/contracts';
import { assertCoversUnit, type Actor } from '@bulwark/auth';
import { PostgresEventStore, type CommandOutcome } from '@bulwark/event-store';
import { runRosterCommand } from '../run-roster-command';
import { decideAssignStaff, type AssignStaffToUnit } from './domain/assign-staff';
import { decideCreateUnit, type CreateUnit } from './domain/create-unit';
import { evolveUnit } from './domain/evolve-unit';
import { decideUnassignStaff, type UnassignStaffFromUnit } from './domain/unassign-staff';
import { initialUnitState, type UnitState } from './domain/unit-state';
import { KnownClasses } from './known-classes';
import { unitOf } from './unit-stream';

/** Where a unit sits, for scope checks; [] for an absent unit (the decider then says 404). */
const pathOf = (unit: UnitState | undefined): readonly string[] =>
  unit && unit.status === 'created' ? unit.path : [];

/** Creating units on both lines, assigning staff to them and ending those assignments. */
@Injectable()
export class UnitCommands {
  constructor(
    private readonly store: PostgresEventStore,
    private readonly knownClasses: KnownClasses,
  ) {}

  async createUnit(
    cmd: CreateUnit,
    actor: Actor,
    commandId?: string,
  ): Promise<CommandOutcome<{ code: string }>> {
    const outcome = await runRosterCommand(this.store, actor, commandId, async (uow) => {
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
    return runRosterCommand(this.store, actor, commandId, async (uow) => {
      const unit = await unitOf(uow, cmd.unitCode);
      if (unit.status === 'created') assertCoversUnit(actor, [...unit.path], 'assign staff');
      uow.append(rosterStreamId.unit(cmd.unitCode), decideAssignStaff(cmd, unit));
      return { unitCode: cmd.unitCode, staffId: cmd.staffId, role: cmd.role };
    });
  }

  unassignStaff(cmd: UnassignStaffFromUnit, actor: Actor, commandId?: string) {
    return runRosterCommand(this.store, actor, commandId, async (uow) => {
      const unit = await unitOf(uow, cmd.unitCode);
      if (unit.status === 'created') assertCoversUnit(actor, [...unit.path], 'unassign staff');
      const events = decideUnassignStaff(cmd, unit);
      uow.append(rosterStreamId.unit(cmd.unitCode), events);
      return {
        unitCode: cmd.unitCode,
        staffId: cmd.staffId,
        roles: events.map((e) => e.data.role),
      };
    });
  }
}
