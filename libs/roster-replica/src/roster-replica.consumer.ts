import { Controller, Inject, UseFilters } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import {
  rosterEventContract,
  type AcademicUnitCreated,
  type DietaryNeedRecorded,
  type ResidentialUnitCreated,
  type RoomReserved,
  type StaffAssignedToUnit,
  type StaffUnassignedFromUnit,
  type StudentAssignedToRoom,
  type StudentEnrolled,
  type StudentLeftCampus,
  type StudentReturnedToCampus,
} from '@bulwark/contracts';
import {
  applyOnce,
  ConsumerErrors,
  eventTypeOf,
  PoisonMessage,
  type BulwarkCloudEvent,
} from '@bulwark/messaging';
import { PG_POOL } from '@bulwark/runtime';
import type { Pool, PoolClient } from 'pg';
import { rosterReplicaWriter as writer } from './roster-replica-writer';

/**
 * The inbox key of the replica's writes. Not the durable's name: a service's durable on
 * ROSTER may be reset to replay history into the replica without the inbox turning it away.
 */
export const ROSTER_REPLICA_INBOX = 'roster-replica';

/**
 * Keeps the roster replica from roster's public events on JetStream (the service's durable
 * consumer on ROSTER, `<service>-roster`): each event is applied once, its effect and inbox
 * row in one transaction. Reads version 1 of each event; a newer one needs an upcaster first.
 */
@Controller()
@UseFilters(new ConsumerErrors())
export class RosterReplicaConsumer {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  @EventPattern('bulwark.roster.AcademicUnitCreated')
  academicUnit(@Payload() e: BulwarkCloudEvent<AcademicUnitCreated>) {
    return this.apply(e, (tx) => writer.unitCreated(tx, 'academic', e.data));
  }

  @EventPattern('bulwark.roster.ResidentialUnitCreated')
  residentialUnit(@Payload() e: BulwarkCloudEvent<ResidentialUnitCreated>) {
    return this.apply(e, (tx) => writer.unitCreated(tx, 'residential', e.data));
  }

  @EventPattern('bulwark.roster.StaffAssignedToUnit')
  staffAssigned(@Payload() e: BulwarkCloudEvent<StaffAssignedToUnit>) {
    return this.apply(e, (tx) => writer.staffAssigned(tx, e.data, versionOf(e)));
  }

  @EventPattern('bulwark.roster.StaffUnassignedFromUnit')
  staffUnassigned(@Payload() e: BulwarkCloudEvent<StaffUnassignedFromUnit>) {
    return this.apply(e, (tx) => writer.staffUnassigned(tx, e.data, versionOf(e)));
  }

  @EventPattern('bulwark.roster.StudentEnrolled')
  enrolled(@Payload() e: BulwarkCloudEvent<StudentEnrolled>) {
    return this.apply(e, (tx) => writer.studentEnrolled(tx, e.data, versionOf(e)));
  }

  @EventPattern('bulwark.roster.StudentAssignedToRoom')
  assignedToRoom(@Payload() e: BulwarkCloudEvent<StudentAssignedToRoom>) {
    return this.apply(e, (tx) => writer.residenceChanged(tx, e.data, versionOf(e)));
  }

  @EventPattern('bulwark.roster.StudentReturnedToCampus')
  returnedToCampus(@Payload() e: BulwarkCloudEvent<StudentReturnedToCampus>) {
    return this.apply(e, (tx) => writer.residenceChanged(tx, e.data, versionOf(e)));
  }

  @EventPattern('bulwark.roster.StudentLeftCampus')
  leftCampus(@Payload() e: BulwarkCloudEvent<StudentLeftCampus>) {
    return this.apply(e, (tx) => writer.residenceChanged(tx, e.data, versionOf(e)));
  }

  @EventPattern('bulwark.roster.DietaryNeedRecorded')
  dietaryNeed(@Payload() e: BulwarkCloudEvent<DietaryNeedRecorded>) {
    return this.apply(e, (tx) => writer.dietaryNeedRecorded(tx, e.data, versionOf(e)));
  }

  @EventPattern('bulwark.roster.RoomReserved')
  roomReserved(@Payload() e: BulwarkCloudEvent<RoomReserved>) {
    return this.apply(e, (tx) => writer.roomReserved(tx, e.data, versionOf(e)));
  }

  private async apply(
    e: BulwarkCloudEvent,
    effect: (tx: PoolClient) => Promise<void>,
  ): Promise<void> {
    let type: { type: string; version: number };
    try {
      type = eventTypeOf(e);
    } catch (error) {
      throw new PoisonMessage((error as Error).message);
    }
    if (type.version !== 1 || !rosterEventContract(type.type, type.version)) {
      throw new PoisonMessage(`the roster replica does not read ${e.type}`);
    }
    if (typeof e.data !== 'object' || e.data === null) {
      throw new PoisonMessage(`${e.type} ${e.id} has no data`);
    }
    await applyOnce(this.pool, ROSTER_REPLICA_INBOX, e, effect);
  }
}

/** The event's version in its roster stream: what orders the facts about one student or unit. */
function versionOf(e: BulwarkCloudEvent): number {
  if (!Number.isInteger(e.streamversion) || e.streamversion < 1) {
    throw new PoisonMessage(`${e.type} ${e.id} has no stream version`);
  }
  return e.streamversion;
}
