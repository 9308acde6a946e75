import type { RuntimePart } from '@bulwark/runtime';
import type { MigrationClass } from '@bulwark/event-store';
import { CreateRosterReplica1796601600000 } from './migrations/1796601600000-create-roster-replica';
import { RosterReplica } from './roster-replica';
import { RosterReplicaConsumer } from './roster-replica.consumer';

/** The replica's tables; `rosterReplica()` brings them, after the inbox of `consumers()`. */
export const rosterReplicaMigrations: readonly MigrationClass[] = [
  CreateRosterReplica1796601600000,
];

/**
 * The roster replica as a runtime part: its consumer (on the service's durable on ROSTER, so
 * it runs once `startConsumers` connects the transport), its queries (`RosterReplica`,
 * injectable anywhere in the service) and its migrations. Pick it after `consumers()`.
 */
export function rosterReplica(): RuntimePart {
  return {
    name: 'roster-replica',
    migrations: rosterReplicaMigrations,
    controllers: [RosterReplicaConsumer],
    providers: [RosterReplica],
  };
}
