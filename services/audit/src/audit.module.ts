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
import { AUDIT_CONTEXT, AuditConfig } from './config';
import { LogController } from './export/log.controller';
import { AuditHealth } from './log/audit-health';
import { AUDIT_CONFIG, AuditIngestion } from './log/audit-ingestion';
import { IntegrityController } from './log/integrity.controller';
import { auditMigrations } from './migrations';
import { ViewVersions } from './replay/view-versions';
import { ViewVersionsController } from './replay/view-versions.controller';
import { ActorActivityController } from './views/actor-activity/actor-activity.controller';
import { IsolationOccupancyController } from './views/isolation/isolation-occupancy.controller';
import { MealDeliveriesController } from './views/meals/meal-deliveries.controller';
import { ReportChainController } from './views/report-chain/report-chain.controller';
import { StudentTimelineController } from './views/student-timeline/student-timeline.controller';
import { ViewReads } from './views/view-reads';
import { VolunteerMinutesController } from './views/volunteers/volunteer-minutes.controller';

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
      controllers: [
        StudentTimelineController,
        ActorActivityController,
        ReportChainController,
        IsolationOccupancyController,
        MealDeliveriesController,
        VolunteerMinutesController,
        LogController,
        IntegrityController,
        ViewVersionsController,
      ],
      providers: [
        { provide: AUDIT_CONFIG, useValue: config },
        AuditIngestion,
        AuditHealth,
        { provide: HEALTH_DETAILS, useExisting: AuditHealth },
        { provide: ViewReads, inject: [PG_POOL], useFactory: (p: Pool) => new ViewReads(p) },
        { provide: ViewVersions, inject: [PG_POOL], useFactory: (p: Pool) => new ViewVersions(p) },
      ],
      exports: [HEALTH_DETAILS],
    };
  }
}
