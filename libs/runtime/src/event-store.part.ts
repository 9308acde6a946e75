import type { Provider, Type } from '@nestjs/common';
import {
  eventStoreMigrations,
  PostgresEventStore,
  type StoreProjection,
  type Upcaster,
} from '@bulwark/event-store';
import { ensureContextStream } from '@bulwark/messaging';
import type { Pool } from 'pg';
import { AppendListeners } from './append-listeners';
import { ServiceMetrics } from './metrics';
import { Outbox, PROJECTIONS } from './outbox';
import type { RuntimePart } from './runtime-part';
import { PG_POOL } from './tokens';

export interface EventStorePartOptions {
  /** Read models fed from this service's own store. */
  projections?: Type<StoreProjection>[];
  upcasters?: Upcaster[];
}

/**
 * The service's own event store (`PostgresEventStore` on the service's pool), the relay that
 * publishes its events to the context's stream (the contract's private event types stay
 * home), and the projections that keep its read tables (`Outbox`). Tables: the event store's
 * migrations; on JetStream: the context's stream.
 */
export function eventStore(options: EventStorePartOptions = {}): RuntimePart {
  const projections = options.projections ?? [];
  const providers: Provider[] = [
    AppendListeners,
    {
      provide: PostgresEventStore,
      inject: [PG_POOL, AppendListeners, ServiceMetrics],
      useFactory: (pool: Pool, listeners: AppendListeners, metrics: ServiceMetrics) => {
        listeners.add((events) => {
          for (const e of events) metrics.eventsAppended.inc({ type: e.type });
        });
        return new PostgresEventStore(pool, {
          ...(options.upcasters ? { upcasters: options.upcasters } : {}),
          onAppended: (events) => listeners.notify(events),
        });
      },
    },
    ...projections,
    {
      provide: PROJECTIONS,
      inject: projections,
      useFactory: (...instances: StoreProjection[]) => instances,
    },
    Outbox,
  ];
  return {
    name: 'event-store',
    migrations: eventStoreMigrations,
    providers,
    ensureStreams: (jsm, context, config) =>
      ensureContextStream(jsm, { prefix: config.natsPrefix }, context, {
        replicas: config.streamReplicas,
      }).then(() => undefined),
  };
}
