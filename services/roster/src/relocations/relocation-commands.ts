import { Injectable } from '@nestjs/common';
import { rosterStreamId } from '@bulwark/contracts';
import { assertCoversUnit, type Actor } from '@bulwark/auth';
import { PostgresEventStore, type UnitOfWork } from '@bulwark/event-store';
import { appendDecision, runRosterCommand } from '../run-roster-command';
import type { UnitState } from '../units/domain/unit-state';
import { unitOf } from '../units/unit-stream';
import { evolveRelocation } from './domain/evolve-relocation';
import {
  decideRelocate,
  roomsInvolved,
  studentsMoved,
  type RelocateRooms,
} from './domain/relocate-rooms';
import { initialRelocationState, type RelocationState } from './domain/relocation-state';

const relocationOf = (uow: UnitOfWork, id: string): Promise<RelocationState> =>
  uow.fold(rosterStreamId.relocation(id), initialRelocationState(id), evolveRelocation);

/** The emergency move of many rooms: every room, student and the relocation in one commit. */
@Injectable()
export class RelocationCommands {
  constructor(private readonly store: PostgresEventStore) {}

  relocate(cmd: RelocateRooms, actor: Actor, commandId?: string) {
    return runRosterCommand(this.store, actor, commandId, async (uow) => {
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
      // The unit of work appends only to streams it has read: the movers' streams too.
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
