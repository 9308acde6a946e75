import { ForbiddenException, Inject, Injectable } from '@nestjs/common';
import { reportingStreamId, type CheckInSubmitter } from '@bulwark/contracts';
import { assertCoversUnit, type Actor } from '@bulwark/auth';
import { Rejection } from '@bulwark/decider';
import { PostgresEventStore, runCommand, type CommandOutcome } from '@bulwark/event-store';
import { CLOCK, REPORTING_SETTINGS, type Clock } from '../clock';
import { commandContext, firstDecided } from '../command-context';
import { decideSubmitCheckIn, type CheckInAnswersInput, type CheckInRecord } from './domain';
import { dayOf } from '../rules/domain/reporting-day';
import type { ReportingSettings } from '../settings';
import { CheckInReads } from './check-in.reads';
import { CheckInSnapshots } from './check-in.snapshots';
import { checkInsOf } from './check-in.stream';

export interface CheckInRequest extends CheckInAnswersInput {
  /** Required when a counsellor checks in for a student; a student checks in for themself. */
  studentNumber?: string;
  /** Defaults to today in the university's time zone. */
  day?: string;
}

export interface CheckInReceipt {
  studentNumber: string;
  day: string;
  /** 1 for the day's first check-in, 2 for its first amendment, … */
  submission: number;
  amended: boolean;
  abnormalReasons: string[];
  flaggedRepetitive: boolean;
}

/**
 * Check-ins: commands on the student's own stream `check-ins-<studentNumber>`. A student
 * checks in for themself; a counsellor for a student of a class their token's scopes cover.
 */
@Injectable()
export class CheckInCommands {
  constructor(
    private readonly store: PostgresEventStore,
    private readonly reads: CheckInReads,
    private readonly snapshots: CheckInSnapshots,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(REPORTING_SETTINGS) private readonly settings: ReportingSettings,
  ) {}

  /** Who is submitting: the student themself, or a counsellor on the student's behalf. */
  private submitter(
    actor: Actor,
    studentNumber: string | undefined,
  ): {
    studentNumber: string;
    submittedBy: CheckInSubmitter;
  } {
    const isStudent = actor.roles.includes('student');
    if (isStudent && (studentNumber === undefined || studentNumber === actor.id)) {
      return { studentNumber: actor.id, submittedBy: { actorId: actor.id, role: 'student' } };
    }
    if (!actor.roles.includes('counsellor')) {
      throw new ForbiddenException(
        `a student checks in for themself only (${actor.id}), not for ${studentNumber}`,
      );
    }
    if (!studentNumber) {
      throw Rejection.invalid(
        'studentNumber',
        'studentNumber is required when a counsellor checks in for a student',
      );
    }
    return { studentNumber, submittedBy: { actorId: actor.id, role: 'counsellor' } };
  }

  async submit(
    request: CheckInRequest,
    actor: Actor,
    commandId?: string,
  ): Promise<CommandOutcome<CheckInReceipt>> {
    const now = this.clock.now();
    const { rules } = this.settings;
    const today = dayOf(now, rules.timeZone);
    const { studentNumber, submittedBy } = this.submitter(actor, request.studentNumber);
    // The roster row and the stream, read with other check-ins arriving at the same moment.
    const { student, stream } = await this.reads.read(studentNumber);
    if (student && submittedBy.role === 'counsellor') {
      assertCoversUnit(actor, student.classPath, 'check in on behalf of a student');
    }
    const day = request.day ?? today;
    let attempt = 0;
    // What the last attempt decided on, and how many events it folded to get there.
    const decidedOn: { record: CheckInRecord | null; folded: number } = { record: null, folded: 0 };
    const outcome = await runCommand<CheckInReceipt>(
      this.store,
      commandContext(actor.id, now, commandId),
      async (uow) => {
        // First attempt: the batched read (snapshot and the events after it); a retry after a
        // concurrent write reads the whole stream afresh.
        const streamId = reportingStreamId.checkIns(studentNumber);
        if (attempt++ === 0) uow.preloadFrom(streamId, stream);
        const record = await checkInsOf(uow, studentNumber);
        decidedOn.record = record;
        decidedOn.folded = attempt === 1 ? stream.events.length : uow.history(streamId).length;
        const events = decideSubmitCheckIn(
          {
            studentNumber,
            day,
            location: request.location,
            health: request.health,
            exposure: request.exposure,
            submittedBy,
          },
          { record, student, today, rules },
        );
        uow.append(streamId, events);
        const first = firstDecided(events, 'a check-in');
        const data = first.data as { abnormalReasons: string[]; amendment?: number };
        return {
          studentNumber,
          day,
          submission: (data.amendment ?? 0) + 1,
          amended: first.type === 'CheckInAmended',
          abnormalReasons: data.abnormalReasons,
          flaggedRepetitive: events.some((e) => e.type === 'RepetitiveCheckInsFlagged'),
        };
      },
    );
    if (decidedOn.record) {
      this.snapshots.afterCheckIn(decidedOn.record, decidedOn.folded, outcome.events);
    }
    return outcome;
  }
}
