import 'reflect-metadata';
import { createServiceApp, listen, serviceConfigFromEnv } from '@bulwark/runtime';
import { RosterModule } from './roster.module';

async function main(): Promise<void> {
  const config = serviceConfigFromEnv(3001);
  const app = await createServiceApp(
    RosterModule.forRoot(config),
    'Bulwark roster',
    'Students, classes, rooms and counsellors: the academic line and the residential line.',
  );
  await listen(app, config.port, 'roster');
}

void main().catch((error) => {
  console.error(error);
  process.exit(1);
});
