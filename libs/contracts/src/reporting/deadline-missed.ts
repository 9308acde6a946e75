import { reportingContract } from './reporting-contract';
import { day, dialect, instant, unitCode } from './schema-parts';
import { reportingStreamIdPatterns } from './streams';
import { chainSteps, type ChainStep } from './vocabulary';

export const DEADLINE_MISSED = 'DeadlineMissed';

/**
 * A step of the report chain was not done by its deadline: a class report (`unitCode` is the
 * class), the first review or the submission (`unitCode` is the college). Emitted once per
 * step, unit and day, however many replicas of the service watch the clock.
 */
export interface DeadlineMissedV1 {
  day: string;
  collegeCode: string;
  step: ChainStep;
  unitCode: string;
  deadline: string;
}
export type DeadlineMissed = DeadlineMissedV1;

export const deadlineMissedV1Schema = {
  $schema: dialect,
  $id: 'urn:bulwark:schema:reporting:DeadlineMissed:v1',
  title: 'DeadlineMissed v1',
  type: 'object',
  additionalProperties: false,
  required: ['day', 'collegeCode', 'step', 'unitCode', 'deadline'],
  properties: {
    day,
    collegeCode: unitCode,
    step: { enum: chainSteps },
    unitCode,
    deadline: instant,
  },
} as const;

export const deadlineMissedV1 = reportingContract(
  DEADLINE_MISSED,
  1,
  reportingStreamIdPatterns.collegeReport,
  deadlineMissedV1Schema,
);
