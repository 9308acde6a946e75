import { reportingStreamId } from '@bulwark/contracts';
import type { UnitOfWork } from '@bulwark/event-store';
import {
  checkInRecordSnapshot,
  evolveCheckIns,
  initialCheckInRecord,
  type CheckInRecord,
} from './domain';

/** A student's check-in record, read through a command's unit of work (appends check its version). */
export const checkInsOf = (uow: UnitOfWork, studentNumber: string): Promise<CheckInRecord> =>
  uow.fold(
    reportingStreamId.checkIns(studentNumber),
    initialCheckInRecord(studentNumber),
    evolveCheckIns,
    checkInRecordSnapshot,
  );
