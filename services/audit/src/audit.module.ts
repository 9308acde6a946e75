import { DynamicModule, Module } from '@nestjs/common';
import {
  HEALTH_DETAILS,
  httpEdge,
  PG_POOL,
  RuntimeModule,
  type ServiceRuntime,
} from '@bulwark/runtime';
import type { AuthModuleOptions } from '@bulwark/auth';
import type { Pool } from 'pg';
import { AuditHealth } from './audit-health';
import { AUDIT_CONTEXT, AuditConfig } from './config';
import { CareController } from './http/care.controller';
import { LogController } from './http/log.controller';
import { ReportChainController } from './http/report-chain.controller';
import { TimelinesController } from './http/timelines.controller';
import { AUDIT_CONFIG, AuditIngestion } from './ingest/audit-ingestion';
import { auditMigrations } from './migrations';
import { ViewQueries } from './views/view-queries';
import { ViewVersions } from './views/view-versions';

export { AUDIT_CONTEXT };

/**
 * What the audit stands on: the HTTP edge only. It keeps no event store (its log is its own
 * tables) and relays nothing; its ingestion reads the contexts' streams itself.
 */
export function auditRuntime(auth?: AuthModuleOptions): ServiceRuntime {
  return { context: AUDIT_CONTEXT, parts: [httpEdge({ auth })], migrations: auditMigrations };
}

/**
 * The audit service: ingests every configured context's stream into its append-only log,
 * keeps the audit views, and answers auditors (read only). Global so that the runtime's
 * `/health` finds the audit's health details.
 */
@Module({})
export class AuditModule {
  static forRoot(config: AuditConfig, auth?: AuthModuleOptions): DynamicModule {
    return {
      module: AuditModule,
      global: true,
      imports: [RuntimeModule.forService(auditRuntime(auth), config)],
      controllers: [TimelinesController, ReportChainController, CareController, LogController],
      providers: [
        { provide: AUDIT_CONFIG, useValue: config },
        AuditIngestion,
        AuditHealth,
        { provide: HEALTH_DETAILS, useExisting: AuditHealth },
        { provide: ViewQueries, inject: [PG_POOL], useFactory: (p: Pool) => new ViewQueries(p) },
        { provide: ViewVersions, inject: [PG_POOL], useFactory: (p: Pool) => new ViewVersions(p) },
      ],
      exports: [HEALTH_DETAILS],
    };
  }
}
