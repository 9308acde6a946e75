// The small campus of the round scenarios, and the commands the scenarios run on it.
import { decideCloseRound } from '../domain/closing';
import { decidePlanRound } from '../domain/plan-decisions';
import { decideReconcile, decideResolveDiscrepancy } from '../domain/reconcile-decisions';
import { decideRecordResults } from '../domain/results';
import type { RoundStudent } from '../domain/roster-input';
import { decideRecordSampling } from '../domain/sampling';
import { type OpenRound, type TestRoundState } from '../domain/state';
import { decideSubmitClassTally, decideSubmitDormTally } from '../domain/tallies';
import { at, counsellor, planCommand, RoundHistory, student } from './round-fixtures';

export const open = (state: TestRoundState): OpenRound => {
  if (state.status !== 'open') throw new Error(`round is ${state.status}`);
  return state;
};

/**
 * A small campus, one room per group (groups of 4):
 * cm1: b1 floor b1-1 rooms r101 (s1-s4, class k1) and r102 (s5-s8, k2); b2 room r201 (s9-s12, k1)
 * cm2: b3 room r301 (s13-s16, k2)
 */
export const small: RoundStudent[] = [
  ...[1, 2, 3, 4].map((n) => student(`s${n}`, 'r101', { floor: 'b1-1', classCode: 'k1' })),
  ...[5, 6, 7, 8].map((n) => student(`s${n}`, 'r102', { floor: 'b1-1', classCode: 'k2' })),
  ...[9, 10, 11, 12].map((n) =>
    student(`s${n}`, 'r201', { building: 'b2', floor: 'b2-1', classCode: 'k1' }),
  ),
  ...[13, 14, 15, 16].map((n) =>
    student(`s${n}`, 'r301', { community: 'cm2', building: 'b3', floor: 'b3-1', classCode: 'k2' }),
  ),
];
export const smallRoutes = [
  { community: 'cm1', routes: [{ name: 'east' }, { name: 'west' }] },
  { community: 'cm2', routes: [{ name: 'south' }] },
];
export const t = (hhmm: string) => at(`2022-01-04T${hhmm}:00.000Z`);

/** The small round, planned. */
export function plannedSmall(): RoundHistory {
  const stream = new RoundHistory('r1');
  stream.run((s) =>
    decidePlanRound(planCommand({ students: small, routes: smallRoutes, groupSize: 4 }), s),
  );
  return stream;
}

export const sample =
  (groupId: string, studentNumbers: string[], when = t('23:05')) =>
  (s: TestRoundState) =>
    decideRecordSampling({ roundId: 'r1', groupId, studentNumbers, sampledAt: when }, s);

export const results =
  (list: [string, 'negative' | 'positive' | 'invalid'][]) => (s: TestRoundState) =>
    decideRecordResults(
      {
        roundId: 'r1',
        results: list.map(([studentNumber, result]) => ({ studentNumber, result })),
        reportedAt: at('2022-01-05T06:00:00.000Z'),
      },
      s,
    );

export const classCounsellor = counsellor({ actorId: 'CC-1', classes: ['k1'] });
export const otherClassCounsellor = counsellor({ actorId: 'CC-2', classes: ['k2'] });
export const cm1Counsellor = counsellor({ actorId: 'CM-1', communities: ['cm1'] });
export const cm2Counsellor = counsellor({ actorId: 'CM-2', communities: ['cm2'] });

export const classTally =
  (classCode: string, studentNumbers: string[], by = classCounsellor) =>
  (s: TestRoundState) =>
    decideSubmitClassTally(
      { roundId: 'r1', classCode, studentNumbers, counsellor: by, submittedAt: t('09:00') },
      s,
    );
export const dormTally =
  (buildingCode: string, studentNumbers: string[], by = cm1Counsellor) =>
  (s: TestRoundState) =>
    decideSubmitDormTally(
      { roundId: 'r1', buildingCode, studentNumbers, counsellor: by, submittedAt: t('09:00') },
      s,
    );
export const reconcileNow = (s: TestRoundState) =>
  decideReconcile({ roundId: 'r1', reconciledBy: 'CM-1', reconciledAt: t('10:00') }, s);
export const close = (s: TestRoundState) =>
  decideCloseRound({ roundId: 'r1', closedBy: 'office-1', closedAt: t('12:00') }, s);
export const resolve =
  (
    discrepancyId: string,
    reason: 'moved-room' | 'off-campus' | 'counted-twice' | 'error-corrected',
    resolver = cm1Counsellor,
  ) =>
  (s: TestRoundState) =>
    decideResolveDiscrepancy(
      { roundId: 'r1', discrepancyId, reason, note: 'checked', resolver, resolvedAt: t('11:00') },
      s,
    );
