// The explicit migration command: `node services/roster/dist/migrate.js`.
import { eventStoreMigrations } from '@bulwark/event-store';
import { migrateService, serviceConfigFromEnv } from '@bulwark/runtime';
import { rosterMigrations } from './migrations';
import { ROSTER_CONTEXT } from './roster.module';

void migrateService(ROSTER_CONTEXT, serviceConfigFromEnv(3001), [
  ...eventStoreMigrations,
  ...rosterMigrations,
]).then(
  (ran) =>
    console.log(ran.length ? `roster: ran ${ran.join(', ')}` : 'roster: database up to date'),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
