import type {
  AbsenceReason,
  CommunityTestRoutes,
  DiscrepancyResolutionReason,
  ResolutionSource,
  TestResult,
} from '@bulwark/contracts';
import { PersistentMap } from '../persistent-map';
import type { PlannedGroup, PlanSettings } from './group-cutting';
import type { Discrepancy } from './dual-line-check';
import type { RoundStudent } from './roster-input';

/** A student's sample in the round: the latest attempt and its result, if any yet. */
export interface Sample {
  readonly attempt: number;
  readonly sampledAt: string;
  readonly result: TestResult | null;
  readonly reportedAt: string | null;
}

/** A group as the round holds it: the plan, its leader, who was sampled or absent. */
export interface RoundGroup extends PlannedGroup {
  readonly revision: number;
  readonly leader: { readonly id: string; readonly name: string } | null;
  /** Small (a group's students): plain maps, copied when they change. */
  readonly samples: ReadonlyMap<string, Sample>;
  readonly absences: ReadonlyMap<string, AbsenceReason>;
}

export interface BuildingInRound {
  readonly community: string;
  readonly students: number;
}

/** One class's or one building's tally, as last submitted. */
export interface Tally {
  readonly code: string;
  readonly studentNumbers: readonly string[];
  readonly submittedBy: string;
  readonly submittedAt: string;
  readonly submission: number;
}

export interface Resolution {
  readonly reason: DiscrepancyResolutionReason;
  readonly note: string | null;
  readonly resolvedBy: string;
  readonly resolvedAt: string;
  readonly via: ResolutionSource;
}

export interface DiscrepancyRecord {
  readonly discrepancy: Discrepancy;
  readonly resolution: Resolution | null;
}

/**
 * A planned round. Large collections are persistent maps, so folding a round of 50,000
 * students (a thousand groups, tens of thousands of samples and results) stays linear.
 */
export interface RoundRecord {
  readonly roundId: string;
  readonly date: string;
  readonly plannedBy: string;
  readonly wholeCampus: boolean;
  readonly communities: readonly string[];
  readonly settings: PlanSettings;
  readonly routes: readonly CommunityTestRoutes[];
  readonly revision: number;
  readonly groups: PersistentMap<RoundGroup>;
  /** Student number -> group id: who is in the round. */
  readonly groupOf: PersistentMap<string>;
  /** Students of the round per class: the classes that owe a class tally. */
  readonly classSizes: PersistentMap<number>;
  /** Students of the round per building, and its community: the buildings that owe a dorm tally. */
  readonly buildings: PersistentMap<BuildingInRound>;
  /** The last group number used per community (ids are never reused). */
  readonly sequences: ReadonlyMap<string, number>;
  readonly classTallies: PersistentMap<Tally>;
  readonly dormTallies: PersistentMap<Tally>;
  readonly discrepancies: PersistentMap<DiscrepancyRecord>;
  /** How many tallies were submitted so far, and how many when last reconciled. */
  readonly tallySubmissions: number;
  readonly reconciledAtSubmission: number | null;
}

/** Stream `test-round-<roundId>` before its first event. */
export interface NoRound {
  readonly status: 'none';
  readonly roundId: string;
}

export interface OpenRound extends RoundRecord {
  readonly status: 'open';
}

export interface ClosedRound extends RoundRecord {
  readonly status: 'closed';
  readonly closedBy: string;
  readonly closedAt: string;
}

export type TestRoundState = NoRound | OpenRound | ClosedRound;

export function initialTestRoundState(roundId: string): TestRoundState {
  return { status: 'none', roundId };
}

/** The round's groups, per community in dorm-line order, then by start. */
export function groupsOf(round: RoundRecord): RoundGroup[] {
  const order = new Map(round.communities.map((c, i) => [c, i]));
  const rank = (g: RoundGroup) => order.get(g.community) ?? order.size;
  return round.groups
    .values()
    .sort(
      (a, b) =>
        rank(a) - rank(b) ||
        (a.start < b.start ? -1 : a.start > b.start ? 1 : 0) ||
        (a.groupId < b.groupId ? -1 : 1),
    );
}

/** A student of the round with their group; undefined when not in the round. */
export function studentOf(
  round: RoundRecord,
  studentNumber: string,
): { student: RoundStudent; group: RoundGroup } | undefined {
  const groupId = round.groupOf.get(studentNumber);
  const group = groupId === undefined ? undefined : round.groups.get(groupId);
  const student = group?.students.find((s) => s.studentNumber === studentNumber);
  return student && group ? { student, group } : undefined;
}

/** Whether any sampling was recorded in the group: a re-plan keeps it as it is. */
export function isTested(group: RoundGroup): boolean {
  return group.samples.size > 0;
}

/** The round's roster: its students, for reconciliation. */
export function rosterOf(round: RoundRecord): {
  get(studentNumber: string): RoundStudent | undefined;
} {
  return { get: (studentNumber) => studentOf(round, studentNumber)?.student };
}

export const emptyCollections = {
  groups: PersistentMap.empty<RoundGroup>(),
  groupOf: PersistentMap.empty<string>(),
  classSizes: PersistentMap.empty<number>(),
  buildings: PersistentMap.empty<BuildingInRound>(),
  classTallies: PersistentMap.empty<Tally>(),
  dormTallies: PersistentMap.empty<Tally>(),
  discrepancies: PersistentMap.empty<DiscrepancyRecord>(),
};
