import {
  actorId,
  date,
  dialect,
  discrepancyId,
  instant,
  roundId,
  studentNumber,
} from './schema-parts';
import { testingStreamIdPatterns } from './streams';
import { testRoundContract } from './test-round-contract';
import {
  discrepancyKinds,
  discrepancyResolutionReasons,
  resolutionSources,
  testingLimits,
  type DiscrepancyKind,
  type DiscrepancyResolutionReason,
  type ResolutionSource,
} from './vocabulary';

export const TALLY_DISCREPANCY_RESOLVED = 'TallyDiscrepancyResolved';

/**
 * A discrepancy is settled, with a reason and who settled it: a counsellor (`via:
 * 'counsellor'`), or a reconciliation that no longer finds it after a tally was corrected
 * (`via: 'reconciliation'`, reason `error-corrected`, `resolvedBy` who ran it).
 */
export interface TallyDiscrepancyResolvedV1 {
  roundId: string;
  date: string;
  discrepancyId: string;
  kind: DiscrepancyKind;
  studentNumber: string;
  reason: DiscrepancyResolutionReason;
  note: string | null;
  resolvedBy: string;
  resolvedAt: string;
  via: ResolutionSource;
}
export type TallyDiscrepancyResolved = TallyDiscrepancyResolvedV1;

export const tallyDiscrepancyResolvedV1Schema = {
  $schema: dialect,
  $id: 'urn:bulwark:schema:reporting:TallyDiscrepancyResolved:v1',
  title: 'TallyDiscrepancyResolved v1',
  type: 'object',
  additionalProperties: false,
  required: [
    'roundId',
    'date',
    'discrepancyId',
    'kind',
    'studentNumber',
    'reason',
    'note',
    'resolvedBy',
    'resolvedAt',
    'via',
  ],
  properties: {
    roundId,
    date,
    discrepancyId,
    kind: { enum: discrepancyKinds },
    studentNumber,
    reason: { enum: discrepancyResolutionReasons },
    note: { type: ['string', 'null'], minLength: 1, maxLength: testingLimits.note },
    resolvedBy: actorId,
    resolvedAt: instant,
    via: { enum: resolutionSources },
  },
} as const;

export const tallyDiscrepancyResolvedV1 = testRoundContract(
  TALLY_DISCREPANCY_RESOLVED,
  1,
  testingStreamIdPatterns.round,
  tallyDiscrepancyResolvedV1Schema,
);
