import type { TestingEvent } from '@bulwark/contracts';
import { asTestingEvent } from './events';
import { buildingOf, communityOf } from './roster-input';
import type { RoundGroup, RoundRecord, TestRoundState } from './state';
import { emptyCollections } from './state';

function updateGroup<R extends RoundRecord>(
  round: R,
  groupId: string,
  update: (group: RoundGroup) => RoundGroup,
): R {
  const group = round.groups.get(groupId);
  return group ? { ...round, groups: round.groups.set(groupId, update(group)) } : round;
}

/**
 * Folds one event of stream `test-round-<roundId>`. Pure: the state given is never changed;
 * the new one shares all it can with it (O(log n) per event). Unknown types leave it as is.
 */
export function evolveTestRound(
  state: TestRoundState,
  stored: { readonly type: string; readonly data: unknown },
): TestRoundState {
  const event = asTestingEvent(stored);
  if (event.type === 'TestRoundPlanned') {
    const e = event.data;
    return {
      status: 'open',
      roundId: e.roundId,
      date: e.date,
      plannedBy: e.plannedBy,
      wholeCampus: e.wholeCampus,
      communities: e.communities.map((c) => c.community),
      settings: {
        groupSize: e.groupSize,
        firstStart: e.firstStart,
        intervalMinutes: e.intervalMinutes,
        slotMinutes: e.slotMinutes,
      },
      routes: e.routes,
      revision: 1,
      ...emptyCollections,
      sequences: new Map(),
      tallySubmissions: 0,
      reconciledAtSubmission: null,
    };
  }
  if (state.status === 'none') return state;
  if (event.type === 'TestRoundClosed') {
    const { closedBy, closedAt } = event.data;
    return { ...state, status: 'closed', closedBy, closedAt };
  }
  return evolveRecord(state, event);
}

function evolveRecord<R extends RoundRecord>(round: R, event: TestingEvent): R {
  switch (event.type) {
    case 'TestGroupFormed': {
      const e = event.data;
      const group: RoundGroup = {
        groupId: e.groupId,
        community: e.community,
        buildings: e.buildings,
        floors: e.floors,
        rooms: e.rooms,
        students: e.students,
        start: e.start,
        end: e.end,
        route: e.route,
        revision: e.revision,
        leader: null,
        samples: new Map(),
        absences: new Map(),
      };
      let { groupOf, classSizes, buildings } = round;
      for (const student of e.students) {
        groupOf = groupOf.set(student.studentNumber, e.groupId);
        classSizes = classSizes.update(student.classCode, (n = 0) => n + 1);
        buildings = buildings.update(buildingOf(student), (b) => ({
          community: communityOf(student),
          students: (b?.students ?? 0) + 1,
        }));
      }
      // Group ids end in their number (`cm1-g007`); a re-plan numbers after the highest.
      const sequences = new Map(round.sequences);
      const number = Number(/-g([0-9]+)$/.exec(e.groupId)?.[1] ?? 0);
      sequences.set(e.community, Math.max(sequences.get(e.community) ?? 0, number));
      return {
        ...round,
        groups: round.groups.set(e.groupId, group),
        groupOf,
        classSizes,
        buildings,
        sequences,
      };
    }
    case 'TestRoundReplanned': {
      const e = event.data;
      let { groups, groupOf, classSizes, buildings } = round;
      for (const groupId of e.dissolvedGroupIds) {
        for (const student of groups.get(groupId)?.students ?? []) {
          if (groupOf.get(student.studentNumber) !== groupId) continue;
          groupOf = groupOf.delete(student.studentNumber);
          const inClass = (classSizes.get(student.classCode) ?? 1) - 1;
          classSizes =
            inClass > 0
              ? classSizes.set(student.classCode, inClass)
              : classSizes.delete(student.classCode);
          const code = buildingOf(student);
          const building = buildings.get(code);
          buildings =
            building && building.students > 1
              ? buildings.set(code, { ...building, students: building.students - 1 })
              : buildings.delete(code);
        }
        groups = groups.delete(groupId);
      }
      return {
        ...round,
        revision: e.revision,
        settings: { ...round.settings, firstStart: e.firstStart },
        routes: e.routes,
        groups,
        groupOf,
        classSizes,
        buildings,
      };
    }
    case 'TestGroupLeaderAssigned': {
      const { groupId, leaderId, leaderName } = event.data;
      return updateGroup(round, groupId, (g) => ({
        ...g,
        leader: { id: leaderId, name: leaderName },
      }));
    }
    case 'TestGroupSampled': {
      const { groupId, samples, sampledAt } = event.data;
      return updateGroup(round, groupId, (g) => {
        const next = new Map(g.samples);
        const absences = new Map(g.absences);
        for (const { studentNumber, attempt } of samples) {
          next.set(studentNumber, { attempt, sampledAt, result: null, reportedAt: null });
          // A student recorded absent who turns up after all is sampled, not absent.
          absences.delete(studentNumber);
        }
        return { ...g, samples: next, absences };
      });
    }
    case 'TestAbsenceRecorded': {
      const { groupId, absences } = event.data;
      return updateGroup(round, groupId, (g) => {
        const next = new Map(g.absences);
        for (const { studentNumber, reason } of absences) next.set(studentNumber, reason);
        return { ...g, absences: next };
      });
    }
    case 'TestResultRecorded': {
      const { groupId, studentNumber, result, reportedAt } = event.data;
      return updateGroup(round, groupId, (g) => {
        const sample = g.samples.get(studentNumber);
        if (!sample) return g;
        const next = new Map(g.samples);
        next.set(studentNumber, { ...sample, result, reportedAt });
        return { ...g, samples: next };
      });
    }
    case 'ClassTallySubmitted':
    case 'DormTallySubmitted': {
      const e = event.data;
      const tally = {
        code: event.type === 'ClassTallySubmitted' ? event.data.classCode : event.data.buildingCode,
        studentNumbers: e.studentNumbers,
        submittedBy: e.submittedBy,
        submittedAt: e.submittedAt,
        submission: e.submission,
      };
      const tallySubmissions = round.tallySubmissions + 1;
      return event.type === 'ClassTallySubmitted'
        ? { ...round, tallySubmissions, classTallies: round.classTallies.set(tally.code, tally) }
        : { ...round, tallySubmissions, dormTallies: round.dormTallies.set(tally.code, tally) };
    }
    case 'TalliesReconciled':
      return { ...round, reconciledAtSubmission: round.tallySubmissions };
    case 'TallyDiscrepancyFound': {
      const { roundId: _r, date: _d, ...discrepancy } = event.data;
      return {
        ...round,
        discrepancies: round.discrepancies.set(discrepancy.discrepancyId, {
          discrepancy,
          resolution: null,
        }),
      };
    }
    case 'TallyDiscrepancyResolved': {
      const { discrepancyId, reason, note, resolvedBy, resolvedAt, via } = event.data;
      const record = round.discrepancies.get(discrepancyId);
      if (!record) return round;
      return {
        ...round,
        discrepancies: round.discrepancies.set(discrepancyId, {
          ...record,
          resolution: { reason, note, resolvedBy, resolvedAt, via },
        }),
      };
    }
    default:
      return round;
  }
}
