import { testingLimits, type CommunityTestRoutes } from '@bulwark/contracts';
import { Rejection } from '@bulwark/decider';
import { requireText } from '../../rules/domain/formats';
import { requireStartTime } from './clock-time';
import type { PlanRound, ReplanRound } from './commands';
import { testingEvent, type TestingNewEvent } from './events';
import { requireActor, requireOpen, requireStream } from './guards';
import { planRound, replanGroups, requireRoundId, type PlannedGroup } from './group-cutting';
import { requireRoundStudents, studentRecord } from './roster-input';
import { requireRoutes } from './routes';
import { groupsOf, isTested, type TestRoundState } from './state';

function copyRoutes(routes: readonly CommunityTestRoutes[]): CommunityTestRoutes[] {
  return routes.map((r) => ({
    community: r.community,
    routes: r.routes.map((route) => ({
      name: route.name,
      fromBuildings: [...route.fromBuildings],
    })),
  }));
}

function formed(
  roundId: string,
  date: string,
  revision: number,
  groups: readonly PlannedGroup[],
): TestingNewEvent[] {
  return groups.map((g) =>
    testingEvent('TestGroupFormed', {
      roundId,
      date,
      revision,
      groupId: g.groupId,
      community: g.community,
      buildings: [...g.buildings],
      floors: [...g.floors],
      rooms: [...g.rooms],
      route: g.route,
      start: g.start,
      end: g.end,
      students: g.students.map(studentRecord),
    }),
  );
}

/**
 * Plans a round: TestRoundPlanned (the summary), then one TestGroupFormed per group. A round
 * is planned once (409); after that it changes by re-planning.
 */
export function decidePlanRound(command: PlanRound, state: TestRoundState): TestingNewEvent[] {
  const roundId = requireRoundId(command.roundId);
  requireStream(roundId, state);
  const plannedBy = requireActor(command.plannedBy, 'plannedBy');
  if (state.status !== 'none') {
    throw Rejection.conflict('roundId', `round ${roundId} is already planned`, {
      date: state.date,
    });
  }
  const plan = planRound(command);
  const starts = plan.groups.map((g) => g.start).sort();
  const ends = plan.groups.map((g) => g.end).sort();
  return [
    testingEvent('TestRoundPlanned', {
      roundId,
      date: plan.date,
      plannedBy,
      wholeCampus: plan.wholeCampus,
      communities: plan.summary.map((s) => ({ ...s })),
      groupSize: plan.settings.groupSize,
      firstStart: plan.settings.firstStart,
      intervalMinutes: plan.settings.intervalMinutes,
      slotMinutes: plan.settings.slotMinutes,
      routes: copyRoutes(plan.routes),
      groupCount: plan.groups.length,
      studentCount: plan.studentCount,
      firstGroupStart: starts[0] ?? null,
      lastGroupEnd: ends[ends.length - 1] ?? null,
      oversizeRooms: [...plan.oversizeRooms],
    }),
    ...formed(roundId, plan.date, 1, plan.groups),
  ];
}

/** What makes two groups the same for the people in them: who, where they live, when, how. */
function signature(group: PlannedGroup): string {
  const students = group.students.map((s) => `${s.studentNumber}@${s.roomCode}`).join(',');
  return `${group.community}|${group.start}|${group.end}|${group.route}|${students}`;
}

/**
 * Re-plans a round after students moved (see replanGroups): TestRoundReplanned, then the new
 * groups. Refused (409) once a tally has been submitted: the dual-line check counts against
 * a plan that no longer changes. Untested groups that come out the same keep their id and
 * are neither dissolved nor formed again; a re-plan in which nobody moved changes nothing: [].
 */
export function decideReplanRound(command: ReplanRound, state: TestRoundState): TestingNewEvent[] {
  const round = requireOpen(command, state);
  const reason = requireText(command.reason, 'reason', testingLimits.reason);
  const replannedBy = requireActor(command.replannedBy, 'replannedBy');
  const firstStart =
    command.firstStart === undefined
      ? round.settings.firstStart
      : requireStartTime(command.firstStart, 'firstStart');
  const routes = command.routes === undefined ? round.routes : requireRoutes(command.routes);
  const students = requireRoundStudents(command.students);
  if (round.classTallies.size + round.dormTallies.size > 0) {
    throw Rejection.conflict(
      'roundId',
      `round ${round.roundId} is being counted (tallies submitted): it can no longer be re-planned`,
    );
  }

  const current = groupsOf(round);
  const replan = replanGroups({
    wholeCampus: round.wholeCampus,
    communities: round.communities,
    settings: { ...round.settings, firstStart },
    routes,
    groups: current.map((group) => ({ group, tested: isTested(group) })),
    students,
    sequenceAfter: round.sequences,
  });
  // An untested group that comes out the same (same students and rooms, time, route) keeps
  // its id: nobody in it needs to be told anything new.
  const sameAs = new Map<string, string[]>();
  for (const group of current.filter((g) => !isTested(g))) {
    const key = signature(group);
    sameAs.set(key, [...(sameAs.get(key) ?? []), group.groupId]);
  }
  const unchanged = new Set<string>();
  const newGroups = replan.formed.filter((group) => {
    const same = sameAs.get(signature(group))?.shift();
    if (same !== undefined) unchanged.add(same);
    return same === undefined;
  });
  const dissolvedGroupIds = replan.dissolvedGroupIds.filter((id) => !unchanged.has(id));
  const sameRoutes =
    JSON.stringify(copyRoutes(routes)) === JSON.stringify(copyRoutes(round.routes));
  if (
    dissolvedGroupIds.length === 0 &&
    newGroups.length === 0 &&
    firstStart === round.settings.firstStart &&
    sameRoutes
  ) {
    return [];
  }

  const revision = round.revision + 1;
  return [
    testingEvent('TestRoundReplanned', {
      roundId: round.roundId,
      date: round.date,
      revision,
      reason,
      replannedBy,
      firstStart,
      routes: copyRoutes(routes),
      keptGroups: current.length - dissolvedGroupIds.length,
      dissolvedGroupIds,
      removedStudentNumbers: [...replan.removedStudentNumbers],
      groupCount: newGroups.length,
      studentCount: newGroups.reduce((n, g) => n + g.students.length, 0),
    }),
    ...formed(round.roundId, round.date, revision, newGroups),
  ];
}
