import { DynamicModule, Module } from '@nestjs/common';
import type { AuthModuleOptions } from '@bulwark/auth';
import {
  consumers,
  eventStore,
  httpEdge,
  RuntimeModule,
  type ServiceConfig,
  type ServiceRuntime,
} from '@bulwark/runtime';
import { CLOCK, REPORTING_SETTINGS, systemClock, type Clock } from './clock';
import { CheckInCommands } from './commands/check-in-commands';
import { CheckInReads } from './commands/check-in-reads';
import { CheckInSnapshots } from './commands/check-in-snapshots';
import { NoticeCommands } from './commands/notice-commands';
import { ReportChainCommands } from './commands/report-chain-commands';
import { TestRoundCommands } from './commands/test-round-commands';
import { TestRoundReads } from './commands/test-round-reads';
import { CheckInsController } from './http/check-ins.controller';
import { DaysController } from './http/days.controller';
import { NoticesController } from './http/notices.controller';
import { ReportsController } from './http/reports.controller';
import { TestRoundsController } from './http/test-rounds.controller';
import { reportingMigrations } from './migrations';
import { ReportingProjection } from './read-model/reporting-projection';
import { ReportingQueries } from './read-model/reporting-queries';
import { RosterCopy } from './roster-copy/roster-copy';
import { RosterCopyConsumer } from './roster-copy/roster-copy.consumer';
import { DeadlineScheduler } from './scheduler/deadline-scheduler';
import type { ReportingSettings } from './settings';

export const REPORTING_CONTEXT = 'reporting';

/**
 * What reporting stands on: the HTTP edge, its event store, and consumers (its copy of the
 * roster); used by the module and migrate.
 */
export function reportingRuntime(auth?: AuthModuleOptions): ServiceRuntime {
  return {
    context: REPORTING_CONTEXT,
    parts: [httpEdge({ auth }), eventStore({ projections: [ReportingProjection] }), consumers()],
    migrations: reportingMigrations,
  };
}

export interface ReportingModuleOptions {
  /** Token verification; from the environment when omitted. */
  auth?: AuthModuleOptions;
  /** The service's clock; the system clock when omitted (tests pass one they set). */
  clock?: Clock;
}

/**
 * The reporting service: daily check-ins, the report chain with its deadlines,
 * non-responders and follow-ups, notices, testing rounds with the dual-line check; and its copy of the roster, kept from roster's
 * events (the consumer runs once `startConsumers` connects the JetStream transport).
 */
@Module({})
export class ReportingModule {
  static forRoot(
    config: ServiceConfig,
    settings: ReportingSettings,
    options: ReportingModuleOptions = {},
  ): DynamicModule {
    return {
      module: ReportingModule,
      imports: [RuntimeModule.forService(reportingRuntime(options.auth), config)],
      controllers: [
        CheckInsController,
        ReportsController,
        DaysController,
        NoticesController,
        TestRoundsController,
        RosterCopyConsumer,
      ],
      providers: [
        { provide: CLOCK, useValue: options.clock ?? systemClock },
        { provide: REPORTING_SETTINGS, useValue: settings },
        RosterCopy,
        CheckInReads,
        CheckInSnapshots,
        CheckInCommands,
        ReportChainCommands,
        NoticeCommands,
        TestRoundCommands,
        TestRoundReads,
        ReportingQueries,
        DeadlineScheduler,
      ],
    };
  }
}
