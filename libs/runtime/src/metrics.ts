import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';

/** The Prometheus registry of one service process. */
export class ServiceMetrics {
  readonly registry = new Registry();
  readonly eventsAppended: Counter<'type'>;
  readonly eventsPublished: Counter;
  readonly relayLag: Gauge;

  /** Set by the outbox once its relay exists. */
  relayLagSource: () => Promise<number> = async () => 0;

  constructor(context: string) {
    const lag = () => this.relayLagSource();
    this.registry.setDefaultLabels({ service: context });
    collectDefaultMetrics({ register: this.registry });
    this.eventsAppended = new Counter({
      name: 'bulwark_events_appended_total',
      help: 'Events appended to this service’s event store, by type',
      labelNames: ['type'],
      registers: [this.registry],
    });
    this.eventsPublished = new Counter({
      name: 'bulwark_events_published_total',
      help: 'Events the relay published to JetStream',
      registers: [this.registry],
    });
    this.relayLag = new Gauge({
      name: 'bulwark_relay_lag_events',
      help: 'Committed events not yet published to JetStream',
      registers: [this.registry],
      async collect() {
        this.set(await lag());
      },
    });
  }
}
