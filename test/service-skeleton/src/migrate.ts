// The explicit migration command: `node services/<name>/dist/migrate.js`.
import { migrateService, serviceConfigFromEnv } from '@bulwark/runtime';
import { skeletonRuntime } from './skeleton.module';

void migrateService(skeletonRuntime(), serviceConfigFromEnv(3099)).then(
  (ran) => console.log(ran.length ? `skeleton: ran ${ran.join(', ')}` : 'skeleton: up to date'),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
