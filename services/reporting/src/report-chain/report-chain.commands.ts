import { ForbiddenException, Inject, Injectable } from '@nestjs/common';
import { reportingStreamId } from '@bulwark/contracts';
import { assertCoversUnit, type Actor } from '@bulwark/auth';
import { Rejection } from '@bulwark/decider';
import {
  PostgresEventStore,
  runCommand,
  type CommandOutcome,
  type UnitOfWork,
} from '@bulwark/event-store';
import { CLOCK, REPORTING_SETTINGS, type Clock } from '../clock';
import { commandContext } from '../command-context';
import {
  decideApproveCollegeReport,
  decideCompileCollegeReport,
  decideFileClassReport,
  decideReopenCollegeReport,
  decideSendBackCollegeReport,
  decideSubmitCollegeReport,
  evolveCollegeReport,
  type CollegeReportState,
  type FileClassReport,
} from './domain';
import type { ReportingNewEvent } from '../rules/domain/events';
import { dayOf } from '../rules/domain/reporting-day';
import { collegeOf } from '../rules/domain/roster-student';
import { RosterReads } from '../roster-reads';
import type { ReportingSettings } from '../settings';
import { collegeReportOf } from './college-report.stream';

export interface ChainReceipt {
  collegeCode: string;
  day: string;
  status: string;
  pass: number;
}

/**
 * The daily report chain of a college: class reports, compilation, first review, second
 * review and submission, and reopening: all
 * commands on the stream `college-report-<collegeCode>-<day>`, appended with the version read.
 */
@Injectable()
export class ReportChainCommands {
  constructor(
    private readonly store: PostgresEventStore,
    private readonly roster: RosterReads,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(REPORTING_SETTINGS) private readonly settings: ReportingSettings,
  ) {}

  private get rules() {
    return this.settings.rules;
  }

  /** The college unit from the roster copy, checked against the actor's scopes. */
  private async college(collegeCode: string, actor: Actor, what: string) {
    const unit = await this.roster.unit(collegeCode);
    if (!unit || unit.level !== 'college') {
      throw Rejection.invalid('collegeCode', `${collegeCode} is not a college on the roster`);
    }
    assertCoversUnit(actor, unit.path, what);
    return unit;
  }

  /** Runs a decision on a college's report of a day and answers where the report now stands. */
  private onReport(
    collegeCode: string,
    day: string,
    actor: string,
    commandId: string | undefined,
    now: Date,
    decide: (
      report: CollegeReportState,
      uow: UnitOfWork,
    ) => ReportingNewEvent[] | Promise<ReportingNewEvent[]>,
  ): Promise<CommandOutcome<ChainReceipt>> {
    return runCommand<ChainReceipt>(
      this.store,
      commandContext(actor, now, commandId),
      async (uow) => {
        const stream = reportingStreamId.collegeReport(collegeCode, day);
        const report = await collegeReportOf(uow, collegeCode, day);
        const events = await decide(report, uow);
        uow.append(stream, events);
        const after = events.reduce(evolveCollegeReport, report);
        return { collegeCode, day, status: after.status, pass: after.pass };
      },
    );
  }

  async fileClassReport(
    command: Omit<FileClassReport, 'collegeCode' | 'filedBy'>,
    actor: Actor,
    commandId?: string,
  ): Promise<CommandOutcome<ChainReceipt & { classCode: string; kind: string }>> {
    const unit = await this.roster.unit(command.classCode);
    if (!unit || unit.level !== 'class') {
      throw Rejection.invalid('classCode', `${command.classCode} is not a class on the roster`);
    }
    assertCoversUnit(actor, unit.path, 'file the class report');
    const collegeCode = collegeOf(unit.path);
    const classStudents = await this.roster.studentsOfClass(command.classCode);
    const now = this.clock.now();
    const today = dayOf(now, this.rules.timeZone);
    const outcome = await this.onReport(
      collegeCode,
      command.day,
      actor.id,
      commandId,
      now,
      (report) =>
        decideFileClassReport(
          { ...command, collegeCode, filedBy: actor.id },
          { report, classStudents, now, today, rules: this.rules },
        ),
    );
    return {
      ...outcome,
      result: { ...outcome.result, classCode: command.classCode, kind: String(command.kind) },
    };
  }

  async compile(collegeCode: string, day: string, actor: Actor, commandId?: string) {
    await this.college(collegeCode, actor, 'compile the college report');
    const expectedClasses = await this.roster.expectedClasses(collegeCode);
    const now = this.clock.now();
    const today = dayOf(now, this.rules.timeZone);
    return this.onReport(collegeCode, day, actor.id, commandId, now, (report) =>
      decideCompileCollegeReport(
        { collegeCode, day, compiledBy: actor.id },
        { report, expectedClasses, now, today, rules: this.rules },
      ),
    );
  }

  async approve(collegeCode: string, day: string, actor: Actor, commandId?: string) {
    await this.college(collegeCode, actor, 'review the college report');
    const now = this.clock.now();
    const today = dayOf(now, this.rules.timeZone);
    return this.onReport(collegeCode, day, actor.id, commandId, now, (report) =>
      decideApproveCollegeReport(
        { collegeCode, day, approvedBy: actor.id },
        { report, now, today, rules: this.rules },
      ),
    );
  }

  /**
   * Sends the report back with a reason: at the first review (a compiled report) the deputy
   * party secretary does it, at the second (an approved report) the party secretary.
   */
  async sendBack(
    collegeCode: string,
    day: string,
    reason: string,
    actor: Actor,
    commandId?: string,
  ) {
    await this.college(collegeCode, actor, 'send the college report back');
    const now = this.clock.now();
    const today = dayOf(now, this.rules.timeZone);
    return this.onReport(collegeCode, day, actor.id, commandId, now, (report) => {
      const step = report.status === 'approved' ? 'second-review' : 'first-review';
      const role = step === 'first-review' ? 'deputy-party-secretary' : 'party-secretary';
      if (!actor.roles.includes(role)) {
        throw new ForbiddenException(
          `the report is ${report.status}: only the ${role.replace(/-/g, ' ')} sends it back at the ${step.replace('-', ' ')}`,
        );
      }
      return decideSendBackCollegeReport(
        { collegeCode, day, step, reason, sentBackBy: actor.id },
        { report, today },
      );
    });
  }

  async submit(collegeCode: string, day: string, actor: Actor, commandId?: string) {
    await this.college(collegeCode, actor, 'submit the college report');
    const now = this.clock.now();
    const today = dayOf(now, this.rules.timeZone);
    return this.onReport(collegeCode, day, actor.id, commandId, now, (report) =>
      decideSubmitCollegeReport(
        { collegeCode, day, submittedBy: actor.id },
        { report, now, today, rules: this.rules },
      ),
    );
  }

  async reopen(collegeCode: string, day: string, reason: string, actor: Actor, commandId?: string) {
    await this.college(collegeCode, actor, 'reopen the college report');
    const now = this.clock.now();
    const today = dayOf(now, this.rules.timeZone);
    return this.onReport(collegeCode, day, actor.id, commandId, now, (report) =>
      decideReopenCollegeReport(
        { collegeCode, day, reason, reopenedBy: actor.id },
        { report, today },
      ),
    );
  }
}
