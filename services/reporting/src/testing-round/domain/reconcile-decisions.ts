import { discrepancyResolutionReasons, testingLimits, testingPatterns } from '@bulwark/contracts';
import { Rejection } from '@bulwark/decider';
import { optionalText, requireFormat, requireOneOf } from '../../rules/domain/formats';
import type { ReconcileTallies, ResolveDiscrepancy } from './commands';
import { testingEvent, type TestingNewEvent } from './events';
import {
  forbidden,
  listed,
  requireActor,
  requireCounsellor,
  requireInstant,
  requireOpen,
} from './guards';
import { reconcile, type Reconciliation } from './dual-line-check';
import { rosterOf, type RoundRecord, type TestRoundState } from './state';

const discrepancyIdFormat = new RegExp(testingPatterns.discrepancyId);

/** Classes and buildings of the round that have not submitted their tally yet. */
export function missingTallies(round: RoundRecord): { classes: string[]; buildings: string[] } {
  return {
    classes: round.classSizes
      .keys()
      .filter((c) => !round.classTallies.has(c))
      .sort(),
    buildings: round.buildings
      .keys()
      .filter((b) => !round.dormTallies.has(b))
      .sort(),
  };
}

/** 409 while a class or building of the round owes its tally: silence is never "all fine". */
export function requireAllTallies(round: RoundRecord, doing: string): void {
  const missing = missingTallies(round);
  if (missing.classes.length + missing.buildings.length === 0) return;
  const parts = [
    missing.classes.length ? `classes ${listed(missing.classes)}` : '',
    missing.buildings.length ? `buildings ${listed(missing.buildings)}` : '',
  ].filter(Boolean);
  throw Rejection.conflict(
    null,
    `cannot ${doing} round ${round.roundId}: no tally yet from ${parts.join('; ')}`,
    { missingClassTallies: missing.classes, missingDormTallies: missing.buildings },
  );
}

/** The round's two lines compared as they stand (see reconcile). */
export function reconciliationOf(round: RoundRecord): Reconciliation {
  return reconcile(
    round.classTallies
      .values()
      .map((t) => ({ classCode: t.code, studentNumbers: t.studentNumbers })),
    round.dormTallies
      .values()
      .map((t) => ({ buildingCode: t.code, studentNumbers: t.studentNumbers })),
    rosterOf(round),
  );
}

/**
 * Compares the class line and the dorm line by name once every class and building of the
 * round has its tally (409 before). Emits TallyDiscrepancyFound for each discrepancy not
 * found before, TallyDiscrepancyResolved (via reconciliation, `error-corrected`) for each
 * open one no longer found because a tally was corrected, then TalliesReconciled. Nothing
 * submitted since the last reconciliation: [].
 */
export function decideReconcile(
  command: ReconcileTallies,
  state: TestRoundState,
): TestingNewEvent[] {
  const round = requireOpen(command, state);
  const reconciledBy = requireActor(command.reconciledBy, 'reconciledBy');
  const reconciledAt = requireInstant(command.reconciledAt, 'reconciledAt');
  requireAllTallies(round, 'reconcile');
  if (round.reconciledAtSubmission === round.tallySubmissions) return [];

  const result = reconciliationOf(round);
  const current = new Set(result.discrepancies.map((d) => d.discrepancyId));
  const { roundId, date } = round;
  const found = result.discrepancies
    .filter((d) => !round.discrepancies.has(d.discrepancyId))
    .map((d) =>
      testingEvent('TallyDiscrepancyFound', {
        roundId,
        date,
        ...d,
        classLine: [...d.classLine],
        dormLine: [...d.dormLine],
      }),
    );
  const gone = round.discrepancies
    .values()
    .filter((r) => r.resolution === null && !current.has(r.discrepancy.discrepancyId))
    .sort((a, b) => (a.discrepancy.discrepancyId < b.discrepancy.discrepancyId ? -1 : 1))
    .map(({ discrepancy }) =>
      testingEvent('TallyDiscrepancyResolved', {
        roundId,
        date,
        discrepancyId: discrepancy.discrepancyId,
        kind: discrepancy.kind,
        studentNumber: discrepancy.studentNumber,
        reason: 'error-corrected',
        note: 'no longer found: a tally was corrected',
        resolvedBy: reconciledBy,
        resolvedAt: reconciledAt,
        via: 'reconciliation',
      }),
    );
  let open = 0;
  for (const d of result.discrepancies) {
    if (!round.discrepancies.get(d.discrepancyId)?.resolution) open += 1;
  }
  return [
    ...found,
    ...gone,
    testingEvent('TalliesReconciled', {
      roundId,
      date,
      reconciledBy,
      reconciledAt,
      classTallies: round.classTallies.size,
      dormTallies: round.dormTallies.size,
      classLineTotal: result.totals.classLine,
      dormLineTotal: result.totals.dormLine,
      discrepancies: result.discrepancies.length,
      found: found.length,
      autoResolved: gone.length,
      open,
    }),
  ];
}

/**
 * Settles a discrepancy with a reason (moved room, off campus, counted twice, error
 * corrected) and an optional note; who settled it is kept. By a counsellor of the student's
 * class or of their community (403 otherwise). Unknown discrepancy: 404. Settled before with
 * the same reason: nothing changes; with another: 409.
 */
export function decideResolveDiscrepancy(
  command: ResolveDiscrepancy,
  state: TestRoundState,
): TestingNewEvent[] {
  const round = requireOpen(command, state);
  const discrepancyId = requireFormat(command.discrepancyId, discrepancyIdFormat, 'discrepancyId');
  const reason = requireOneOf(command.reason, discrepancyResolutionReasons, 'reason');
  const note = optionalText(command.note, 'note', testingLimits.note);
  const resolver = requireCounsellor(command.resolver, 'resolver');
  const resolvedAt = requireInstant(command.resolvedAt, 'resolvedAt');
  const record = round.discrepancies.get(discrepancyId);
  if (!record) {
    throw Rejection.notFound(
      'discrepancyId',
      `round ${round.roundId} has no discrepancy ${discrepancyId}`,
    );
  }
  const { discrepancy } = record;
  if (
    !resolver.classes.includes(discrepancy.classCode) &&
    !resolver.communities.includes(discrepancy.community)
  ) {
    throw forbidden(
      'discrepancyId',
      `${discrepancy.name} (${discrepancy.studentNumber}) is in class ${discrepancy.classCode} ` +
        `and community ${discrepancy.community}, neither of them ${resolver.actorId}'s`,
    );
  }
  if (record.resolution) {
    if (record.resolution.reason === reason) return [];
    throw Rejection.conflict(
      'discrepancyId',
      `discrepancy ${discrepancyId} was resolved as ${record.resolution.reason} by ${record.resolution.resolvedBy}`,
      { resolution: record.resolution },
    );
  }
  return [
    testingEvent('TallyDiscrepancyResolved', {
      roundId: round.roundId,
      date: round.date,
      discrepancyId,
      kind: discrepancy.kind,
      studentNumber: discrepancy.studentNumber,
      reason,
      note,
      resolvedBy: resolver.actorId,
      resolvedAt,
      via: 'counsellor',
    }),
  ];
}
