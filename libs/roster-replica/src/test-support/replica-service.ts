// A service in miniature that mounts the roster replica (the consumers part and the kit, nothing
// else), for the kit's tests. Runs in-process or, for crash tests, as its own process (main below).
import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { Module, type DynamicModule } from '@nestjs/common';
import {
  consumers,
  createServiceApp,
  RuntimeModule,
  serviceConfigFromEnv,
  startConsumers,
  type ServiceConfig,
  type ServiceRuntime,
} from '@bulwark/runtime';
import { rosterReplica } from '../roster-replica.part';

/** The service's name: its durable consumer on ROSTER is `dorms-roster`. */
export const REPLICA_SERVICE = 'dorms';
export const REPLICA_DURABLE = `${REPLICA_SERVICE}-roster`;

export function replicaServiceRuntime(): ServiceRuntime {
  return { context: REPLICA_SERVICE, parts: [consumers(), rosterReplica()], migrations: [] };
}

@Module({})
class ReplicaServiceModule {
  static forRoot(config: ServiceConfig): DynamicModule {
    return {
      module: ReplicaServiceModule,
      imports: [RuntimeModule.forService(replicaServiceRuntime(), config)],
    };
  }
}

/** Starts the service with its consumer running; `ackWaitMs` short so a crash test is quick. */
export async function startReplicaService(
  config: ServiceConfig,
  ackWaitMs = 30_000,
): Promise<INestApplication> {
  const app = await createServiceApp(ReplicaServiceModule.forRoot(config), 'dorms', 'test', [
    'error',
  ]);
  await startConsumers(app, config, REPLICA_SERVICE, { ackWaitMs, redeliveryDelaysMs: [100] });
  await app.init();
  return app;
}

if (require.main === module) {
  void startReplicaService(serviceConfigFromEnv(0), Number(process.env.ACK_WAIT_MS ?? 30_000));
}
