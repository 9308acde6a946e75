// The explicit migration command: `node services/roster/dist/migrate.js`.
import { migrateService, serviceConfigFromEnv } from '@bulwark/runtime';
import { rosterRuntime } from './roster.module';

void migrateService(rosterRuntime(), serviceConfigFromEnv(3001)).then(
  (ran) =>
    console.log(ran.length ? `roster: ran ${ran.join(', ')}` : 'roster: database up to date'),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
