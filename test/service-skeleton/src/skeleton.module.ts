import { DynamicModule, Module } from '@nestjs/common';
import type { AuthModuleOptions } from '@bulwark/auth';
import {
  eventStore,
  httpEdge,
  RuntimeModule,
  type ServiceConfig,
  type ServiceRuntime,
} from '@bulwark/runtime';
import { skeletonMigrations } from './migrations';
import { PingCommands } from './pings/ping.commands';
import { PingsController } from './pings/pings.controller';

export const SKELETON_CONTEXT = 'skeleton';

/** What the service stands on; the module and migrate.ts both use it. */
export function skeletonRuntime(auth?: AuthModuleOptions): ServiceRuntime {
  return {
    context: SKELETON_CONTEXT,
    parts: [httpEdge({ auth }), eventStore()],
    migrations: skeletonMigrations,
  };
}

/** The root module: the runtime parts it picked, then each slice's controllers and providers. */
@Module({})
export class SkeletonModule {
  static forRoot(config: ServiceConfig, auth?: AuthModuleOptions): DynamicModule {
    return {
      module: SkeletonModule,
      imports: [RuntimeModule.forService(skeletonRuntime(auth), config)],
      controllers: [PingsController],
      providers: [PingCommands],
    };
  }
}
