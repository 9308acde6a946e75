import type { SnapshotForm } from '@bulwark/event-store';
import type { CheckInRecord, ReportingDayRecord } from './state';

/** A check-in record as JSON, for the stream's snapshot: its days in the record's own order. */
export interface CheckInRecordJson {
  studentNumber: string;
  days: [string, ReportingDayRecord][];
  flaggedRuns: string[];
}

export function checkInRecordToJson(record: CheckInRecord): CheckInRecordJson {
  return {
    studentNumber: record.studentNumber,
    days: [...record.days],
    flaggedRuns: [...record.flaggedRuns],
  };
}

export function checkInRecordFromJson(json: CheckInRecordJson): CheckInRecord {
  return {
    studentNumber: json.studentNumber,
    days: new Map(json.days),
    flaggedRuns: new Set(json.flaggedRuns),
  };
}

/**
 * How a `check-ins-<studentNumber>` snapshot is read. Change the kind's version whenever
 * `CheckInRecord` or `evolveCheckIns` changes what a record holds: snapshots of the old kind
 * are then ignored (the streams are read whole and snapshotted again).
 */
export const checkInRecordSnapshot: SnapshotForm<CheckInRecord> = {
  kind: 'check-in-record/v1',
  restore: (state) => checkInRecordFromJson(state as CheckInRecordJson),
};
