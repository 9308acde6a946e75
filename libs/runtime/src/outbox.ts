import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
} from '@nestjs/common';
import { privateEventTypesOf } from '@bulwark/contracts';
import { PostgresEventStore, StoreProjection, StoreProjector } from '@bulwark/event-store';
import { ensureContextStream, EventRelay } from '@bulwark/messaging';
import type { JetStreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { AppendListeners } from './append-listeners';
import type { ServiceConfig } from './config';
import { ServiceMetrics } from './metrics';
import { JETSTREAM_MANAGER, NATS_CONNECTION, SERVICE_CONFIG, SERVICE_CONTEXT } from './tokens';

export const PROJECTIONS = Symbol('PROJECTIONS');

/**
 * The background work of the event-store part: the relay that publishes the service's events
 * (all but the types its contract keeps private), and the projections that keep its read
 * tables. Started after the app is up; stopped before the database and NATS connections close.
 */
@Injectable()
export class Outbox implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Outbox');
  readonly relay: EventRelay;
  readonly projectors: StoreProjector[];

  constructor(
    @Inject(SERVICE_CONTEXT) private readonly context: string,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
    @Inject(NATS_CONNECTION) nc: NatsConnection,
    @Inject(JETSTREAM_MANAGER) private readonly jsm: JetStreamManager,
    @Inject(PROJECTIONS) projections: StoreProjection[],
    store: PostgresEventStore,
    listeners: AppendListeners,
    metrics: ServiceMetrics,
  ) {
    this.relay = new EventRelay({
      store,
      nc,
      jsm,
      ns: { prefix: config.natsPrefix },
      context,
      privateTypes: privateEventTypesOf(context),
      batchSize: config.relayBatchSize,
      pollMs: config.relayPollMs,
      onPublished: (n) => metrics.eventsPublished.inc(n),
      onError: (e) => this.logger.error(`relay: ${(e as Error).message}`),
    });
    this.projectors = projections.map(
      (p) =>
        new StoreProjector(store.pool, store, p, {
          onError: (e) => this.logger.error(`projection ${p.name}: ${(e as Error).message}`),
        }),
    );
    metrics.relayLagSource = () => this.relay.lag();
    listeners.add(() => {
      this.relay.wake();
      for (const p of this.projectors) p.wake();
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    await ensureContextStream(this.jsm, { prefix: this.config.natsPrefix }, this.context, {
      replicas: this.config.streamReplicas,
    });
    this.relay.start();
    for (const p of this.projectors) p.start();
  }

  /** Brings every projection up to date with what is committed now (tests, imports). */
  async catchUp(): Promise<void> {
    for (const p of this.projectors) await p.catchUp();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await Promise.all([this.relay.stop(), ...this.projectors.map((p) => p.stop())]);
  }
}
