import { reportingStreamId } from '@bulwark/contracts';
import type { UnitOfWork } from '@bulwark/event-store';
import { evolveCollegeReport, initialCollegeReportState, type CollegeReportState } from './domain';

/** A college's report of a day, read through a command's unit of work. */
export const collegeReportOf = (
  uow: UnitOfWork,
  collegeCode: string,
  day: string,
): Promise<CollegeReportState> =>
  uow.fold(
    reportingStreamId.collegeReport(collegeCode, day),
    initialCollegeReportState(collegeCode, day),
    evolveCollegeReport,
  );
