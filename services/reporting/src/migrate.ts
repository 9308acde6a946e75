// The explicit migration command: `node services/reporting/dist/migrate.js`.
import { migrateService, serviceConfigFromEnv } from '@bulwark/runtime';
import { reportingRuntime } from './reporting.module';

void migrateService(reportingRuntime(), serviceConfigFromEnv(3002)).then(
  (ran) =>
    console.log(ran.length ? `reporting: ran ${ran.join(', ')}` : 'reporting: database up to date'),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
