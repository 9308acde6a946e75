import { Injectable } from '@nestjs/common';
import { testingStreamId } from '@bulwark/contracts';
import { PostgresEventStore } from '@bulwark/event-store';
import {
  assignmentOf,
  evolveTestRound,
  groupsOf,
  groupsOfBuilding,
  groupsOfCommunity,
  initialTestRoundState,
  missingTallies,
  reconciliationOf,
  type ClosedRound,
  type OpenRound,
  type RoundGroup,
  type RoundStudent,
} from './domain';

type Round = OpenRound | ClosedRound;

const student = (s: RoundStudent) => ({
  studentNumber: s.studentNumber,
  name: s.name,
  classCode: s.classCode,
  roomCode: s.roomCode,
  building: s.roomPath[2],
});

function groupView(group: RoundGroup, students: readonly RoundStudent[] = group.students) {
  return {
    groupId: group.groupId,
    community: group.community,
    buildings: [...group.buildings],
    start: group.start,
    end: group.end,
    route: group.route,
    leader: group.leader,
    size: group.students.length,
    sampled: group.samples.size,
    absent: group.absences.size,
    students: students.map(student),
  };
}

/**
 * Reads of a testing round. Each folds the round's stream on request (no read tables): the
 * domain folds the 55,000 events of a 50,000-student round in about half a second, and a
 * round is read by a few hundred counsellors, not by every student at once.
 */
@Injectable()
export class TestRoundReads {
  constructor(private readonly store: PostgresEventStore) {}

  async round(roundId: string): Promise<Round | null> {
    const events = await this.store.readStream(testingStreamId.round(roundId));
    const state = events.reduce(evolveTestRound, initialTestRoundState(roundId));
    return state.status === 'none' ? null : state;
  }

  summary(round: Round) {
    const missing = missingTallies(round);
    const tallied = round.classTallies.size + round.dormTallies.size > 0;
    const reconciliation = tallied ? reconciliationOf(round) : null;
    return {
      roundId: round.roundId,
      status: round.status,
      date: round.date,
      plannedBy: round.plannedBy,
      wholeCampus: round.wholeCampus,
      communities: [...round.communities],
      settings: round.settings,
      revision: round.revision,
      groupCount: round.groups.size,
      studentCount: round.groupOf.size,
      missingTallies: missing,
      reconciled:
        round.reconciledAtSubmission !== null &&
        round.reconciledAtSubmission === round.tallySubmissions,
      reconciliation: reconciliation && {
        totals: reconciliation.totals,
        byClass: reconciliation.byClass,
        byBuilding: reconciliation.byBuilding,
      },
      openDiscrepancies: round.discrepancies
        .values()
        .filter((d) => d.resolution === null)
        .map((d) => d.discrepancy)
        .sort((a, b) => (a.discrepancyId < b.discrepancyId ? -1 : 1)),
      ...(round.status === 'closed' ? { closedBy: round.closedBy, closedAt: round.closedAt } : {}),
    };
  }

  community(round: Round, community: string) {
    const groups = groupsOfCommunity(groupsOf(round), community) as RoundGroup[];
    return { roundId: round.roundId, community, groups: groups.map((g) => groupView(g)) };
  }

  building(round: Round, building: string) {
    return {
      roundId: round.roundId,
      building,
      groups: groupsOfBuilding(groupsOf(round), building).map(({ group, students }) =>
        groupView(group as RoundGroup, students),
      ),
    };
  }

  /** The unit paths a read of a community or building touches (for the scope check). */
  pathsOf(round: Round, unit: 'community' | 'building', code: string): string[][] {
    const depth = unit === 'community' ? 2 : 3;
    const paths = new Map<string, string[]>();
    for (const group of groupsOf(round)) {
      for (const s of group.students) {
        if (s.roomPath[depth - 1] === code) paths.set(code, s.roomPath.slice(0, depth));
      }
    }
    return [...paths.values()];
  }

  /** The student's class path and room path as the round holds them. */
  pathsOfStudent(round: Round, studentNumber: string): string[][] {
    for (const group of groupsOf(round)) {
      const s = group.students.find((t) => t.studentNumber === studentNumber);
      if (s) return [[...s.classPath], [...s.roomPath]];
    }
    return [];
  }

  student(round: Round, studentNumber: string) {
    const assignment = assignmentOf(groupsOf(round), studentNumber);
    return assignment && { roundId: round.roundId, date: round.date, ...assignment };
  }
}
