import 'reflect-metadata';
import { createServiceApp, listen, serviceConfigFromEnv, startConsumers } from '@bulwark/runtime';
import { REPORTING_CONTEXT, ReportingModule } from './reporting.module';
import { reportingSettingsFromEnv } from './settings';

async function main(): Promise<void> {
  const config = serviceConfigFromEnv(3002);
  const app = await createServiceApp(
    ReportingModule.forRoot(config, reportingSettingsFromEnv()),
    'Bulwark reporting',
    'Daily check-ins, the report chain with its deadlines, non-responders and notices.',
  );
  await startConsumers(app, config, REPORTING_CONTEXT);
  await listen(app, config.port, REPORTING_CONTEXT);
}

void main().catch((error) => {
  console.error(error);
  process.exit(1);
});
