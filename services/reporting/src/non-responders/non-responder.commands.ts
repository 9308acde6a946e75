import { Inject, Injectable } from '@nestjs/common';
import { reportingStreamId } from '@bulwark/contracts';
import { assertCoversUnit, type Actor } from '@bulwark/auth';
import { Rejection } from '@bulwark/decider';
import { PostgresEventStore, runCommand, type CommandOutcome } from '@bulwark/event-store';
import { CLOCK, type Clock } from '../clock';
import { commandContext, firstDecided } from '../command-context';
import { checkInsOf } from '../check-in/check-in.stream';
import { SCHEDULER_ACTOR } from '../deadlines/scheduler-actor';
import { RosterReads } from '../roster-reads';
import { decideFlagNonResponder, decideLogFollowUp, type LogFollowUp } from './domain';

/**
 * Non-responders and their follow-ups: commands on the student's own stream
 * `check-ins-<studentNumber>`, where the check-in lands too. A counsellor logs follow-ups for
 * a student of a class their token's scopes cover; the scheduler flags at the class deadline.
 */
@Injectable()
export class NonResponderCommands {
  constructor(
    private readonly store: PostgresEventStore,
    private readonly roster: RosterReads,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

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
      commandContext(actor.id, this.clock.now(), commandId),
      async (uow) => {
        const record = await checkInsOf(uow, command.studentNumber);
        const events = decideLogFollowUp({ ...command, loggedBy: actor.id }, record);
        uow.append(reportingStreamId.checkIns(command.studentNumber), events);
        const data = firstDecided(events, 'a follow-up').data as {
          attempt: number;
          resolution: string | null;
        };
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
