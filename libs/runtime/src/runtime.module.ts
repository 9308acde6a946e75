import {
  DynamicModule,
  Inject,
  Injectable,
  Module,
  OnApplicationShutdown,
  Provider,
} from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { poolOf, serviceDataSource } from '@bulwark/event-store';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import type { DataSource } from 'typeorm';
import type { ServiceConfig } from './config';
import { ServiceMetrics } from './metrics';
import { runtimeMigrations, type ServiceRuntime } from './runtime-part';
import {
  DATA_SOURCE,
  JETSTREAM_MANAGER,
  NATS_CONNECTION,
  PG_POOL,
  SERVICE_CONFIG,
  SERVICE_CONTEXT,
} from './tokens';

/**
 * Closes the process's database pool and NATS connection last: after every part stopped its
 * background work (`beforeApplicationShutdown`) and every module its own.
 */
@Injectable()
class ServiceConnections implements OnApplicationShutdown {
  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(NATS_CONNECTION) private readonly nc: NatsConnection,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    await this.nc.drain().catch(() => undefined);
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}

/**
 * What every Bulwark service process stands on, whatever parts it picks: its config, its
 * database (one pg pool shared by the parts and the read tables), NATS and its metrics
 * registry; plus the parts it picked (`httpEdge`, `eventStore`, `consumers`).
 */
@Module({})
export class RuntimeModule {
  static forService(runtime: ServiceRuntime, config: ServiceConfig): DynamicModule {
    const core: Provider[] = [
      { provide: SERVICE_CONTEXT, useValue: runtime.context },
      { provide: SERVICE_CONFIG, useValue: config },
      {
        provide: DATA_SOURCE,
        useFactory: async () =>
          serviceDataSource({
            url: config.databaseUrl,
            migrations: runtimeMigrations(runtime),
            poolSize: config.pgPoolSize,
            applicationName: `bulwark-${runtime.context}`,
          }).initialize(),
      },
      { provide: PG_POOL, inject: [DATA_SOURCE], useFactory: (ds: DataSource) => poolOf(ds) },
      {
        provide: NATS_CONNECTION,
        useFactory: () =>
          connect({
            servers: config.natsUrl,
            name: `bulwark-${runtime.context}`,
            // The relay's every JetStream publish is a request: with async traces on, each one
            // captures two stack traces up front in case it fails (~30 µs of CPU per event).
            noAsyncTraces: true,
            // A cluster node cut off without closing the socket is noticed only by pings: at
            // the default 2 minutes the relay stalled that long behind a stopped node
            // (test/cluster partition); 10 s, two missed, and the client moves to another.
            pingInterval: 10_000,
          }),
      },
      {
        provide: JETSTREAM_MANAGER,
        inject: [NATS_CONNECTION],
        useFactory: (nc: NatsConnection) => jetstreamManager(nc),
      },
      {
        provide: ServiceMetrics,
        inject: [SERVICE_CONTEXT],
        useFactory: (context: string) => new ServiceMetrics(context),
      },
    ];
    const parts = runtime.parts.flatMap((p) => p.providers ?? []);
    return {
      module: RuntimeModule,
      global: true,
      imports: runtime.parts.flatMap((p) => p.imports ?? []),
      controllers: runtime.parts.flatMap((p) => p.controllers ?? []),
      providers: [...core, ...parts, ServiceConnections],
      exports: [...core, ...parts].filter(
        (p) => !(typeof p === 'object' && 'provide' in p && p.provide === APP_FILTER),
      ),
    };
  }
}
