import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { reportingStreamId } from '@bulwark/contracts';
import { assertCoversUnit, type Actor } from '@bulwark/auth';
import { PostgresEventStore, runCommand } from '@bulwark/event-store';
import { CLOCK, type Clock } from '../clock';
import { commandContext, firstDecided } from '../command-context';
import { decideAcknowledgeNotice, decidePublishNotice } from './domain';
import { RosterReads } from '../roster-reads';
import { acknowledgementOf, noticeOf } from './notice.streams';

export interface PublishNoticeRequest {
  noticeId?: string;
  title: string;
  body: string;
  audience: string[];
}

/**
 * Notices: published on `notice-<noticeId>`; each student's acknowledgement on its own stream
 * `notice-ack-<noticeId>-<studentNumber>`, so thousands of students acknowledging at once
 * never contend for one stream, and a second acknowledgement changes nothing.
 */
@Injectable()
export class NoticeCommands {
  constructor(
    private readonly store: PostgresEventStore,
    private readonly roster: RosterReads,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async publish(request: PublishNoticeRequest, actor: Actor, commandId?: string) {
    const noticeId = request.noticeId ?? randomUUID();
    const codes = [...new Set(request.audience.filter((c): c is string => typeof c === 'string'))];
    const units = await this.roster.units(codes);
    // The publisher must cover every unit addressed (the decider reports unknown units).
    for (const unit of units.values()) assertCoversUnit(actor, unit.path, 'publish a notice');
    return runCommand(
      this.store,
      commandContext(actor.id, this.clock.now(), commandId),
      async (uow) => {
        const events = decidePublishNotice(
          { ...request, noticeId, publishedBy: actor.id },
          { notice: await noticeOf(uow, noticeId), units },
        );
        uow.append(reportingStreamId.notice(noticeId), events);
        return {
          noticeId,
          audience: (firstDecided(events, 'a notice').data as { audience: unknown[] }).audience,
        };
      },
    );
  }

  async acknowledge(noticeId: string, actor: Actor, commandId?: string) {
    const studentNumber = actor.id;
    const student = await this.roster.student(studentNumber);
    return runCommand(
      this.store,
      commandContext(actor.id, this.clock.now(), commandId),
      async (uow) => {
        await uow.load(
          reportingStreamId.notice(noticeId),
          reportingStreamId.noticeAcknowledgement(noticeId, studentNumber),
        );
        const events = decideAcknowledgeNotice(
          { noticeId, studentNumber },
          {
            notice: await noticeOf(uow, noticeId),
            acknowledgement: await acknowledgementOf(uow, noticeId, studentNumber),
            student,
          },
        );
        uow.append(reportingStreamId.noticeAcknowledgement(noticeId, studentNumber), events);
        return {
          noticeId,
          studentNumber,
          acknowledged: true,
          alreadyAcknowledged: events.length === 0,
        };
      },
    );
  }
}
