import { Controller, Inject, UseFilters } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import {
  rosterEventContract,
  type AcademicUnitCreated,
  type ResidentialUnitCreated,
  type StaffAssignedToUnit,
  type StudentAssignedToRoom,
  type StudentEnrolled,
  type StudentLeftCampus,
  type StudentReturnedToCampus,
} from '@bulwark/contracts';
import {
  applyOnce,
  ConsumerErrors,
  eventTypeOf,
  JetStreamContext,
  PoisonMessage,
  type BulwarkCloudEvent,
} from '@bulwark/messaging';
import { PG_POOL } from '@bulwark/runtime';
import type { Pool, PoolClient } from 'pg';
import { rosterCopyWriter } from './roster-copy-writer';

/**
 * Reporting's copy of the roster, kept from roster's events on JetStream (durable consumer
 * `reporting-roster`): units, staff assignments and students with their class and residence.
 * Each event is applied once (inbox, by event id) in the transaction of its effect.
 */
@Controller()
@UseFilters(new ConsumerErrors())
export class RosterCopyConsumer {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  @EventPattern('bulwark.roster.AcademicUnitCreated')
  academicUnit(@Payload() e: BulwarkCloudEvent<AcademicUnitCreated>, @Ctx() ctx: JetStreamContext) {
    return this.apply(e, ctx, (tx) => rosterCopyWriter.unitCreated(tx, 'academic', e.data));
  }

  @EventPattern('bulwark.roster.ResidentialUnitCreated')
  residentialUnit(
    @Payload() e: BulwarkCloudEvent<ResidentialUnitCreated>,
    @Ctx() ctx: JetStreamContext,
  ) {
    return this.apply(e, ctx, (tx) => rosterCopyWriter.unitCreated(tx, 'residential', e.data));
  }

  @EventPattern('bulwark.roster.StaffAssignedToUnit')
  staffAssigned(
    @Payload() e: BulwarkCloudEvent<StaffAssignedToUnit>,
    @Ctx() ctx: JetStreamContext,
  ) {
    return this.apply(e, ctx, (tx) => rosterCopyWriter.staffAssigned(tx, e.data));
  }

  @EventPattern('bulwark.roster.StudentEnrolled')
  enrolled(@Payload() e: BulwarkCloudEvent<StudentEnrolled>, @Ctx() ctx: JetStreamContext) {
    return this.apply(e, ctx, (tx) => rosterCopyWriter.studentEnrolled(tx, e.data, versionOf(e)));
  }

  @EventPattern('bulwark.roster.StudentAssignedToRoom')
  assignedToRoom(
    @Payload() e: BulwarkCloudEvent<StudentAssignedToRoom>,
    @Ctx() ctx: JetStreamContext,
  ) {
    return this.apply(e, ctx, (tx) => rosterCopyWriter.residenceChanged(tx, e.data, versionOf(e)));
  }

  @EventPattern('bulwark.roster.StudentReturnedToCampus')
  returnedToCampus(
    @Payload() e: BulwarkCloudEvent<StudentReturnedToCampus>,
    @Ctx() ctx: JetStreamContext,
  ) {
    return this.apply(e, ctx, (tx) => rosterCopyWriter.residenceChanged(tx, e.data, versionOf(e)));
  }

  @EventPattern('bulwark.roster.StudentLeftCampus')
  leftCampus(@Payload() e: BulwarkCloudEvent<StudentLeftCampus>, @Ctx() ctx: JetStreamContext) {
    return this.apply(e, ctx, (tx) => rosterCopyWriter.residenceChanged(tx, e.data, versionOf(e)));
  }

  private async apply(
    e: BulwarkCloudEvent,
    ctx: JetStreamContext,
    effect: (tx: PoolClient) => Promise<void>,
  ): Promise<void> {
    let type: { type: string; version: number };
    try {
      type = eventTypeOf(e);
    } catch (error) {
      throw new PoisonMessage((error as Error).message);
    }
    // This copy reads version 1 of each roster event; a newer one needs an upcaster here first.
    if (type.version !== 1 || !rosterEventContract(type.type, type.version)) {
      throw new PoisonMessage(`reporting does not read ${e.type}`);
    }
    if (typeof e.data !== 'object' || e.data === null) {
      throw new PoisonMessage(`${e.type} ${e.id} has no data`);
    }
    await applyOnce(this.pool, ctx.consumer, e, effect);
  }
}

/** The event's version in its roster stream: what orders the facts about one student. */
function versionOf(e: BulwarkCloudEvent): number {
  if (!Number.isInteger(e.streamversion) || e.streamversion < 1) {
    throw new PoisonMessage(`${e.type} ${e.id} has no stream version`);
  }
  return e.streamversion;
}
