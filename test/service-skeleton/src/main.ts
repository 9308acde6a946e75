import 'reflect-metadata';
import { createServiceApp, listen, serviceConfigFromEnv } from '@bulwark/runtime';
import { SKELETON_CONTEXT, SkeletonModule } from './skeleton.module';

async function main(): Promise<void> {
  const config = serviceConfigFromEnv(3099);
  const app = await createServiceApp(
    SkeletonModule.forRoot(config),
    'Bulwark skeleton',
    'The smallest service: the HTTP edge, an event store, one slice.',
  );
  await listen(app, config.port, SKELETON_CONTEXT);
}

void main().catch((error) => {
  console.error(error);
  process.exit(1);
});
