import type { ChainStep } from '@bulwark/contracts';
import type { OnCollegeReport } from '../../report-chain/domain/commands';

/** The scheduler's look at one step's deadline for one college and day. */
export interface RecordMissedDeadlines extends OnCollegeReport {
  step: ChainStep;
}
