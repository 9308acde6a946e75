import { Rejection } from '@bulwark/decider';
import type { CloseRound } from './commands';
import { testingEvent, type TestingNewEvent } from './events';
import { listed, requireActor, requireInstant, requireOpen } from './guards';
import { requireAllTallies } from './reconcile-decisions';
import type { TestRoundState } from './state';

/**
 * Closes a round. Refused (409) while a class or building owes its tally, while tallies were
 * submitted since the last reconciliation, and while any discrepancy is unresolved: the
 * refusal lists them all (by name, with class and room) in `details.unresolved`.
 */
export function decideCloseRound(command: CloseRound, state: TestRoundState): TestingNewEvent[] {
  const round = requireOpen(command, state);
  const closedBy = requireActor(command.closedBy, 'closedBy');
  const closedAt = requireInstant(command.closedAt, 'closedAt');
  requireAllTallies(round, 'close');
  if (round.reconciledAtSubmission !== round.tallySubmissions) {
    throw Rejection.conflict(
      null,
      `round ${round.roundId} has tallies not reconciled yet: reconcile before closing`,
    );
  }
  const unresolved = round.discrepancies
    .values()
    .filter((r) => r.resolution === null)
    .map((r) => r.discrepancy)
    .sort((a, b) => (a.discrepancyId < b.discrepancyId ? -1 : 1));
  if (unresolved.length > 0) {
    throw Rejection.conflict(
      null,
      `round ${round.roundId} has ${unresolved.length} unresolved discrepancies: ` +
        listed(unresolved.map((d) => `${d.name} (${d.studentNumber}, ${d.kind})`)),
      {
        unresolved: unresolved.map((d) => ({
          discrepancyId: d.discrepancyId,
          kind: d.kind,
          studentNumber: d.studentNumber,
          name: d.name,
          classCode: d.classCode,
          roomCode: d.roomCode,
        })),
      },
    );
  }

  let sampled = 0;
  let absent = 0;
  const results = { negative: 0, positive: 0, invalid: 0, pending: 0 };
  round.groups.forEach((group) => {
    sampled += group.samples.size;
    absent += group.absences.size;
    group.samples.forEach((sample) => {
      results[sample.result ?? 'pending'] += 1;
    });
  });
  const studentCount = round.groupOf.size;
  return [
    testingEvent('TestRoundClosed', {
      roundId: round.roundId,
      date: round.date,
      closedBy,
      closedAt,
      groupCount: round.groups.size,
      studentCount,
      sampled,
      absent,
      unaccounted: studentCount - sampled - absent,
      results,
      discrepanciesResolved: round.discrepancies.size,
    }),
  ];
}
