import type { MigrationClass } from '@bulwark/event-store';
import { CreateInbox1763870500000 } from './migrations/1763870500000-create-inbox';

export * from './streams/namespace';
export * from './streams/ensure-streams';
export * from './envelope/cloud-event';
export * from './relay/event-relay';
export * from './relay/stream-publisher';
export * from './consumer/inbox';
export * from './consumer/poison-message';
export * from './consumer/consumer-errors.filter';
export * from './consumer/jetstream-context';
export * from './consumer/jetstream-server';
export { CreateInbox1763870500000 };

/** Migrations of the consumer side (the inbox); the runtime's consumers part runs them. */
export const messagingMigrations: readonly MigrationClass[] = [CreateInbox1763870500000];
