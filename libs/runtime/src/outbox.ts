import {
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnApplicationShutdown,
} from '@nestjs/common';
import { PostgresEventStore, StoreProjection, StoreProjector } from '@bulwark/event-store';
import { ensureContextStream, EventRelay } from '@bulwark/messaging';
import type { JetStreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import type { DataSource } from 'typeorm';
import { AppendListeners } from './append-listeners';
import type { ServiceConfig } from './config';
import { ServiceMetrics } from './metrics';
import {
  DATA_SOURCE,
  JETSTREAM_MANAGER,
  NATS_CONNECTION,
  SERVICE_CONFIG,
  SERVICE_CONTEXT,
} from './tokens';

export const PROJECTIONS = Symbol('PROJECTIONS');

/**
 * The background work of a service process: the relay that publishes its events, and the
 * projections that keep its read tables. Started after the app is up; stopped before the
 * database and NATS connections close.
 */
@Injectable()
export class Outbox implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Outbox');
  readonly relay: EventRelay;
  readonly projectors: StoreProjector[];

  constructor(
    @Inject(SERVICE_CONTEXT) private readonly context: string,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(NATS_CONNECTION) private readonly nc: NatsConnection,
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

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([this.relay.stop(), ...this.projectors.map((p) => p.stop())]);
    await this.nc.drain().catch(() => undefined);
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}
