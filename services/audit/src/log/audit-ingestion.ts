import {
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnModuleDestroy,
} from '@nestjs/common';
import { NATS_CONNECTION, PG_POOL, ServiceMetrics } from '@bulwark/runtime';
import type { NatsConnection } from '@nats-io/transport-node';
import type { Pool } from 'pg';
import { Counter, Gauge } from 'prom-client';
import type { AuditConfig } from '../config';
import { Ingestion } from './ingestion';

export const AUDIT_CONFIG = Symbol('AUDIT_CONFIG');

/** Ingestion inside the audit service process: started with the app, stopped before it closes. */
@Injectable()
export class AuditIngestion implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('AuditIngestion');
  readonly ingestion: Ingestion;

  constructor(
    @Inject(AUDIT_CONFIG) private readonly config: AuditConfig,
    @Inject(PG_POOL) pool: Pool,
    @Inject(NATS_CONNECTION) nc: NatsConnection,
    metrics: ServiceMetrics,
  ) {
    const ingested = new Counter({
      name: 'bulwark_audit_ingested_total',
      help: 'Events appended to the audit log, by context',
      labelNames: ['context'],
      registers: [metrics.registry],
    });
    const incidents = new Counter({
      name: 'bulwark_audit_integrity_incidents_total',
      help: 'Integrity incidents raised at ingest (broken links, gaps, unreadable envelopes)',
      labelNames: ['context'],
      registers: [metrics.registry],
    });
    const contexts = () => this.ingestion.contexts;
    new Gauge({
      name: 'bulwark_audit_behind_messages',
      help: 'Messages in a context stream not yet in the audit log (at the last batch)',
      labelNames: ['context'],
      registers: [metrics.registry],
      collect() {
        for (const c of contexts())
          if (c.behind !== null) this.set({ context: c.context }, c.behind);
      },
    });
    this.ingestion = new Ingestion({
      pool,
      nc,
      ns: { prefix: config.natsPrefix },
      contexts: config.contexts,
      consumer: config.consumer,
      batchSize: config.batchSize,
      streamReplicas: config.streamReplicas,
      onBatch: (context, s) => {
        ingested.inc({ context }, s.appended);
        if (s.incidents > 0) {
          incidents.inc({ context }, s.incidents);
          this.logger.error(
            `${context}: ${s.incidents} integrity incident(s) up to log entry ${s.seq}`,
          );
        }
      },
      onError: (context, e) => this.logger.error(`${context}: ${(e as Error).message ?? e}`),
    });
  }

  onApplicationBootstrap(): void {
    if (this.config.ingest) this.ingestion.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.ingestion.stop();
  }

  status() {
    return {
      enabled: this.config.ingest,
      active: this.ingestion.active,
      contexts: this.ingestion.contexts,
    };
  }
}
