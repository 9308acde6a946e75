export * from './roster-replica';
export * from './roster-replica.consumer';
export * from './roster-replica-writer';
export * from './roster-replica.part';
export { CreateRosterReplica1796601600000 } from './migrations/1796601600000-create-roster-replica';
