import { actorId, count, date, dialect, instant, roundId } from './schema-parts';
import { testingStreamIdPatterns } from './streams';
import { testRoundContract } from './test-round-contract';

export const TALLIES_RECONCILED = 'TalliesReconciled';

/**
 * The two lines were compared by name once every class and building of the round had
 * submitted its tally. New discrepancies follow as TallyDiscrepancyFound; earlier ones no
 * longer found (a tally was corrected) as TallyDiscrepancyResolved via `reconciliation`.
 * `open` is what still keeps the round from closing.
 */
export interface TalliesReconciledV1 {
  roundId: string;
  date: string;
  reconciledBy: string;
  reconciledAt: string;
  classTallies: number;
  dormTallies: number;
  classLineTotal: number;
  dormLineTotal: number;
  discrepancies: number;
  found: number;
  autoResolved: number;
  open: number;
}
export type TalliesReconciled = TalliesReconciledV1;

export const talliesReconciledV1Schema = {
  $schema: dialect,
  $id: 'urn:bulwark:schema:reporting:TalliesReconciled:v1',
  title: 'TalliesReconciled v1',
  type: 'object',
  additionalProperties: false,
  required: [
    'roundId',
    'date',
    'reconciledBy',
    'reconciledAt',
    'classTallies',
    'dormTallies',
    'classLineTotal',
    'dormLineTotal',
    'discrepancies',
    'found',
    'autoResolved',
    'open',
  ],
  properties: {
    roundId,
    date,
    reconciledBy: actorId,
    reconciledAt: instant,
    classTallies: count,
    dormTallies: count,
    classLineTotal: count,
    dormLineTotal: count,
    discrepancies: count,
    found: count,
    autoResolved: count,
    open: count,
  },
} as const;

export const talliesReconciledV1 = testRoundContract(
  TALLIES_RECONCILED,
  1,
  testingStreamIdPatterns.round,
  talliesReconciledV1Schema,
);
