import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { reportingStreamId } from '@bulwark/contracts';
import { PostgresEventStore, type RecordedEvent, type StreamSnapshot } from '@bulwark/event-store';
import {
  checkInRecordSnapshot,
  checkInRecordToJson,
  evolveCheckIns,
  type CheckInRecord,
} from './domain';

/**
 * Events folded on top of a snapshot (or from the start) before a check-in takes a new one.
 * The record is small (a few weeks, `settleEarlierDays`), so a snapshot costs less than
 * reading and folding the events it saves: after every other day or so, the next check-in
 * reads the snapshot and at most an event or two. Not 1: a student's first check-in would
 * write one, and on the first reporting day that is 50,000 writes for nothing.
 */
export const SNAPSHOT_AFTER_EVENTS = 2;

/**
 * Takes snapshots of students' check-in records after their check-ins committed, so the next
 * check-in reads a snapshot and a few events instead of every day since the lockdown began.
 * Written after the commit and outside the command: a snapshot that is never written (a
 * crash, a failed write) only means the next read is longer. The check-ins of one moment are
 * written together, in one statement.
 */
@Injectable()
export class CheckInSnapshots implements OnModuleDestroy {
  private readonly logger = new Logger('CheckInSnapshots');
  private queued: StreamSnapshot[] = [];
  private flushing: Promise<void> | null = null;

  constructor(private readonly store: PostgresEventStore) {}

  /**
   * After a check-in: `decidedOn` is the record the decision was made on, `folded` how many
   * events it took to fold since the last snapshot, `appended` what the check-in committed.
   */
  afterCheckIn(decidedOn: CheckInRecord, folded: number, appended: RecordedEvent[]): void {
    const last = appended.at(-1);
    if (!last || folded + appended.length < SNAPSHOT_AFTER_EVENTS) return;
    const record = appended.reduce(evolveCheckIns, decidedOn);
    this.queued.push({
      streamId: reportingStreamId.checkIns(record.studentNumber),
      kind: checkInRecordSnapshot.kind,
      version: last.streamVersion,
      headHash: last.hash,
      state: checkInRecordToJson(record),
    });
    this.flushing ??= this.flushSoon();
  }

  /** Waits for the snapshots queued so far to be written (tests, shutdown). */
  async settled(): Promise<void> {
    while (this.flushing) await this.flushing;
  }

  onModuleDestroy(): Promise<void> {
    return this.settled();
  }

  private async flush(): Promise<void> {
    const batch = this.queued;
    this.queued = [];
    try {
      await this.store.saveSnapshots(batch);
    } catch (error) {
      this.logger.warn(`${batch.length} check-in snapshot(s) not written: ${String(error)}`);
    } finally {
      this.flushing = this.queued.length > 0 ? this.flushSoon() : null;
    }
  }

  /** On the next turn of the event loop: the check-ins committed together are written together. */
  private async flushSoon(): Promise<void> {
    await new Promise<void>((resolve) => setImmediate(resolve));
    await this.flush();
  }
}
