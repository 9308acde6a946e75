import { Inject, Injectable } from '@nestjs/common';
import { reportingStreamId, type ChainStep } from '@bulwark/contracts';
import { PostgresEventStore, runCommand } from '@bulwark/event-store';
import { REPORTING_SETTINGS } from '../clock';
import { collegeReportOf } from '../report-chain/college-report.stream';
import { RosterReads } from '../roster-reads';
import type { ReportingSettings } from '../settings';
import { decideMissedDeadlines } from './domain';
import { SCHEDULER_ACTOR } from './scheduler-actor';

/** Missed deadlines, recorded on the college report's stream `college-report-<college>-<day>`. */
@Injectable()
export class MissedDeadlineCommands {
  constructor(
    private readonly store: PostgresEventStore,
    private readonly roster: RosterReads,
    @Inject(REPORTING_SETTINGS) private readonly settings: ReportingSettings,
  ) {}

  private get rules() {
    return this.settings.rules;
  }

  /** The scheduler's look at one step's deadline for a college and day: misses recorded once. */
  async recordMissedDeadlines(
    collegeCode: string,
    day: string,
    step: ChainStep,
    now: Date,
  ): Promise<number> {
    const expectedClasses = (await this.roster.expectedClasses(collegeCode)).map(
      (c) => c.classCode,
    );
    const outcome = await runCommand(
      this.store,
      { actor: SCHEDULER_ACTOR, occurredAt: now },
      async (uow) => {
        const report = await collegeReportOf(uow, collegeCode, day);
        const events = decideMissedDeadlines(
          { collegeCode, day, step },
          { report, expectedClasses, now, rules: this.rules },
        );
        uow.append(reportingStreamId.collegeReport(collegeCode, day), events);
        return events.length;
      },
      10,
    );
    return outcome.events.length;
  }
}
