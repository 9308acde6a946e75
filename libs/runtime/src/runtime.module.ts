import { DynamicModule, Module, Provider, Type } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { AuthModule, AuthModuleOptions } from '@bulwark/auth';
import {
  PostgresEventStore,
  poolOf,
  serviceDataSource,
  StoreProjection,
  Upcaster,
} from '@bulwark/event-store';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect, NatsConnection } from '@nats-io/transport-node';
import type { Pool } from 'pg';
import type { DataSource } from 'typeorm';
import { AppendListeners } from './append-listeners';
import type { ServiceConfig } from './config';
import { HealthController } from './health.controller';
import { HttpReady } from './http-ready';
import { ServiceMetrics } from './metrics';
import { MetricsController } from './metrics.controller';
import { Outbox, PROJECTIONS } from './outbox';
import { RejectionFilter } from './rejection.filter';
import {
  DATA_SOURCE,
  JETSTREAM_MANAGER,
  NATS_CONNECTION,
  PG_POOL,
  SERVICE_CONFIG,
  SERVICE_CONTEXT,
} from './tokens';

export interface ServiceRuntimeOptions {
  /** The bounded context: names the JetStream stream, subjects and metrics label. */
  context: string;
  config: ServiceConfig;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations: Function[];
  /** Read models fed from this service's own store. */
  projections?: Type<StoreProjection>[];
  upcasters?: Upcaster[];
  /** Token verification; from the environment when omitted. */
  auth?: AuthModuleOptions;
}

/**
 * Everything a Bulwark service process stands on: its database (pool shared by event store
 * and read tables), its event store, NATS, the relay and projections, auth, health, metrics
 * and the mapping of a decider's Rejection to HTTP.
 */
@Module({})
export class RuntimeModule {
  static forService(options: ServiceRuntimeOptions): DynamicModule {
    const projections = options.projections ?? [];
    const providers: Provider[] = [
      { provide: SERVICE_CONTEXT, useValue: options.context },
      { provide: SERVICE_CONFIG, useValue: options.config },
      {
        provide: DATA_SOURCE,
        useFactory: async () =>
          serviceDataSource({
            url: options.config.databaseUrl,
            migrations: options.migrations,
            poolSize: options.config.pgPoolSize,
            applicationName: `bulwark-${options.context}`,
          }).initialize(),
      },
      { provide: PG_POOL, inject: [DATA_SOURCE], useFactory: (ds: DataSource) => poolOf(ds) },
      AppendListeners,
      {
        provide: ServiceMetrics,
        inject: [SERVICE_CONTEXT],
        useFactory: (context: string) => new ServiceMetrics(context),
      },
      {
        provide: PostgresEventStore,
        inject: [PG_POOL, AppendListeners, ServiceMetrics],
        useFactory: (pool: Pool, listeners: AppendListeners, metrics: ServiceMetrics) => {
          listeners.add((events) => {
            for (const e of events) metrics.eventsAppended.inc({ type: e.type });
          });
          return new PostgresEventStore(pool, {
            upcasters: options.upcasters,
            onAppended: (events) => listeners.notify(events),
          });
        },
      },
      {
        provide: NATS_CONNECTION,
        useFactory: () =>
          connect({
            servers: options.config.natsUrl,
            name: `bulwark-${options.context}`,
            // The relay's every JetStream publish is a request: with async traces on, each one
            // captures two stack traces up front in case it fails (~30 µs of CPU per event).
            noAsyncTraces: true,
          }),
      },
      {
        provide: JETSTREAM_MANAGER,
        inject: [NATS_CONNECTION],
        useFactory: (nc: NatsConnection) => jetstreamManager(nc),
      },
      ...projections,
      {
        provide: PROJECTIONS,
        inject: projections,
        useFactory: (...instances: StoreProjection[]) => instances,
      },
      Outbox,
      { provide: APP_FILTER, useClass: RejectionFilter },
    ];
    return {
      module: RuntimeModule,
      global: true,
      imports: [AuthModule.forRoot(options.auth)],
      controllers: [HealthController, MetricsController],
      providers: [...providers, HttpReady],
      exports: providers.filter(
        (p): p is Provider =>
          p !== undefined && !(typeof p === 'object' && 'provide' in p && p.provide === APP_FILTER),
      ),
    };
  }
}
