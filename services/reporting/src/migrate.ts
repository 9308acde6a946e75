// The explicit migration command: `node services/reporting/dist/migrate.js`.
import { migrateService, serviceConfigFromEnv } from '@bulwark/runtime';
import { allReportingMigrations } from './migrations';
import { REPORTING_CONTEXT } from './reporting.module';

void migrateService(REPORTING_CONTEXT, serviceConfigFromEnv(3002), allReportingMigrations).then(
  (ran) =>
    console.log(ran.length ? `reporting: ran ${ran.join(', ')}` : 'reporting: database up to date'),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
