import { Injectable } from '@nestjs/common';
import { reportingStreamId } from '@bulwark/contracts';
import { PostgresEventStore, type SnapshotRead } from '@bulwark/event-store';
import { checkInRecordSnapshot } from './domain';
import type { RosterStudent } from '../rules/domain/roster-student';
import { RosterReads } from '../roster-reads';
import { Coalescer } from './coalescer';

export interface CheckInReading {
  /** The student in the roster copy; null when not on the roster. */
  student: RosterStudent | null;
  /**
   * The student's stream `check-ins-<studentNumber>` as it stood: its snapshot, if any, and
   * the events after it (the stream grows by a day every day; the snapshot keeps the read short).
   */
  stream: SnapshotRead;
}

/**
 * What a check-in reads, for many concurrent check-ins at once: the students' roster rows
 * and their check-in streams, two queries per batch instead of two per request (the morning
 * burst is thousands of students at the same minute).
 */
@Injectable()
export class CheckInReads {
  private readonly reads: Coalescer<string, CheckInReading>;

  constructor(store: PostgresEventStore, roster: RosterReads) {
    this.reads = new Coalescer(async (studentNumbers) => {
      const [students, streams] = await Promise.all([
        roster.students(studentNumbers),
        store.readStreamsFrom(
          checkInRecordSnapshot.kind,
          studentNumbers.map((n) => reportingStreamId.checkIns(n)),
        ),
      ]);
      return new Map(
        studentNumbers.map((n) => [
          n,
          {
            student: students.get(n) ?? null,
            stream: streams.get(reportingStreamId.checkIns(n)) ?? { snapshot: null, events: [] },
          },
        ]),
      );
    });
  }

  async read(studentNumber: string): Promise<CheckInReading> {
    return (
      (await this.reads.load(studentNumber)) ?? {
        student: null,
        stream: { snapshot: null, events: [] },
      }
    );
  }
}
