import type { MigrationClass } from '@bulwark/event-store';

/** The skeleton's own migrations (its read tables): none yet. Never edit one once committed. */
export const skeletonMigrations: MigrationClass[] = [];
