import { DynamicModule, Module } from '@nestjs/common';
import type { AuthModuleOptions } from '@bulwark/auth';
import { rosterReplica } from '@bulwark/roster-replica';
import {
  consumers,
  eventStore,
  httpEdge,
  RuntimeModule,
  type ServiceConfig,
  type ServiceRuntime,
} from '@bulwark/runtime';
import { CLOCK, REPORTING_SETTINGS, systemClock, type Clock } from './clock';
import { CheckInCommands } from './check-in/check-in.commands';
import { CheckInQueries } from './check-in/check-in.queries';
import { CheckInReads } from './check-in/check-in.reads';
import { CheckInSnapshots } from './check-in/check-in.snapshots';
import { CheckInsController } from './check-in/check-ins.controller';
import { DeadlineScheduler } from './deadlines/deadline-scheduler';
import { MissedDeadlineCommands } from './deadlines/missed-deadline.commands';
import { reportingMigrations } from './migrations';
import { NonResponderCommands } from './non-responders/non-responder.commands';
import { NonResponderQueries } from './non-responders/non-responder.queries';
import { NonRespondersController } from './non-responders/non-responders.controller';
import { NoticeCommands } from './notices/notice.commands';
import { NoticeQueries } from './notices/notice.queries';
import { NoticesController } from './notices/notices.controller';
import { StudentNoticesController } from './notices/student-notices.controller';
import { DayOverviewQueries } from './report-chain/day-overview.queries';
import { DaysController } from './report-chain/days.controller';
import { ReportChainCommands } from './report-chain/report-chain.commands';
import { ReportChainQueries } from './report-chain/report-chain.queries';
import { ReportsController } from './report-chain/reports.controller';
import { ReportingProjection } from './reporting-projection';
import { RosterReads } from './roster-reads';
import type { ReportingSettings } from './settings';
import { RoundRoster } from './testing-round/round-roster';
import { TestRoundCommands } from './testing-round/test-round.commands';
import { TestRoundReads } from './testing-round/test-round.reads';
import { TestRoundsController } from './testing-round/test-rounds.controller';

export const REPORTING_CONTEXT = 'reporting';

/**
 * What reporting stands on: the HTTP edge, its event store, consumers, and the roster replica
 * (its copy of the roster, kept from roster's events); used by the module and migrate.
 */
export function reportingRuntime(auth?: AuthModuleOptions): ServiceRuntime {
  return {
    context: REPORTING_CONTEXT,
    parts: [
      httpEdge({ auth }),
      eventStore({ projections: [ReportingProjection] }),
      consumers(),
      rosterReplica(),
    ],
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
 * non-responders and follow-ups, notices, testing rounds with the dual-line check; and its copy of the roster, the
 * roster replica (its consumer runs once `startConsumers` connects the JetStream transport).
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
        NonRespondersController,
        ReportsController,
        DaysController,
        NoticesController,
        StudentNoticesController,
        TestRoundsController,
      ],
      providers: [
        { provide: CLOCK, useValue: options.clock ?? systemClock },
        { provide: REPORTING_SETTINGS, useValue: settings },
        RosterReads,
        CheckInReads,
        CheckInSnapshots,
        CheckInCommands,
        CheckInQueries,
        NonResponderCommands,
        NonResponderQueries,
        ReportChainCommands,
        ReportChainQueries,
        DayOverviewQueries,
        MissedDeadlineCommands,
        NoticeCommands,
        NoticeQueries,
        RoundRoster,
        TestRoundCommands,
        TestRoundReads,
        DeadlineScheduler,
      ],
    };
  }
}
