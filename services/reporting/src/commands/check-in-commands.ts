import { ForbiddenException, Inject, Injectable } from '@nestjs/common';
import { reportingStreamId, type CheckInSubmitter } from '@bulwark/contracts';
import { assertCoversUnit, type Actor } from '@bulwark/auth';
import { Rejection } from '@bulwark/decider';
import { PostgresEventStore, runCommand, type CommandOutcome } from '@bulwark/event-store';
import { CLOCK, REPORTING_SETTINGS, type Clock } from '../clock';
import {
  decideFlagNonResponder,
  decideLogFollowUp,
  decideSubmitCheckIn,
  type CheckInAnswersInput,
  type CheckInRecord,
  type LogFollowUp,
} from '../domain/check-in';
import { dayOf } from '../domain/reporting-day';
import { RosterCopy } from '../roster-copy/roster-copy';
import type { ReportingSettings } from '../settings';
import { CheckInReads } from './check-in-reads';
import { CheckInSnapshots } from './check-in-snapshots';
import { checkInsOf } from './streams';

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

/** The scheduler's actor: recorded on the events it causes. */
export const SCHEDULER_ACTOR = 'system:deadline-scheduler';

/**
 * Check-ins, non-responder flags and follow-ups: commands on the student's own stream
 * `check-ins-<studentNumber>`. A student checks in for themself; a counsellor for a student
 * of a class their token's scopes cover (and logs follow-ups for them).
 */
@Injectable()
export class CheckInCommands {
  constructor(
    private readonly store: PostgresEventStore,
    private readonly roster: RosterCopy,
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
      { actor: actor.id, commandId, occurredAt: now },
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
        const first = events[0];
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

  async logFollowUp(
    command: Omit<LogFollowUp, 'loggedBy'>,
    actor: Actor,
    commandId?: string,
  ): Promise<
    CommandOutcome<{
      studentNumber: string;
      day: string;
      attempt: number;
      resolution: string | null;
    }>
  > {
    const student = await this.roster.student(command.studentNumber);
    if (!student) {
      throw Rejection.invalid(
        'studentNumber',
        `student ${command.studentNumber} is not on the roster`,
      );
    }
    assertCoversUnit(actor, student.classPath, 'follow up a student');
    return runCommand(
      this.store,
      { actor: actor.id, commandId, occurredAt: this.clock.now() },
      async (uow) => {
        const record = await checkInsOf(uow, command.studentNumber);
        const events = decideLogFollowUp({ ...command, loggedBy: actor.id }, record);
        uow.append(reportingStreamId.checkIns(command.studentNumber), events);
        const data = events[0].data as { attempt: number; resolution: string | null };
        return {
          studentNumber: command.studentNumber,
          day: command.day,
          attempt: data.attempt,
          resolution: data.resolution,
        };
      },
    );
  }

  /**
   * Flags, at the class deadline, every expected student of a college without a check-in,
   * in batches: each batch one commit over the students' own streams, so a check-in or a
   * flag by another replica that lands first makes the batch retry on fresh state.
   */
  async flagNonResponders(
    collegeCode: string,
    day: string,
    deadline: Date,
    now: Date,
  ): Promise<number> {
    const candidates = await this.roster.possibleNonResponders(collegeCode, day);
    let flagged = 0;
    for (let i = 0; i < candidates.length; i += 200) {
      const batch = candidates.slice(i, i + 200);
      const students = await this.roster.students(batch);
      const outcome = await runCommand(
        this.store,
        { actor: SCHEDULER_ACTOR, occurredAt: now },
        async (uow) => {
          await uow.load(...batch.map((n) => reportingStreamId.checkIns(n)));
          let n = 0;
          for (const studentNumber of batch) {
            const record = await checkInsOf(uow, studentNumber);
            const events = decideFlagNonResponder(
              { studentNumber, day, deadline },
              { record, student: students.get(studentNumber) ?? null },
            );
            uow.append(reportingStreamId.checkIns(studentNumber), events);
            n += events.length;
          }
          return n;
        },
        10,
      );
      flagged += outcome.events.length;
    }
    return flagged;
  }
}
