import {
  testingLimits,
  testingPatterns,
  type CommunityRoundSummary,
  type CommunityTestRoutes,
} from '@bulwark/contracts';
import { Rejection } from '@bulwark/decider';
import { formats, requireFormat } from '../../rules/domain/formats';
import { isReportingDay } from '../../rules/domain/reporting-day';
import { clockTimeOf, minutesOf, minutesPerDay, requireStartTime } from './clock-time';
import { dormLineOrder, packCommunity } from './packing';
import { communityOf, requireRoundStudents, type RoundStudent } from './roster-input';
import { requireRoutes, RouteScheduler, type CommunityRoutesInput, type RouteSlot } from './routes';

/** How a round's groups are cut and timed. */
export interface PlanSettings {
  /** Most students in a group (40 in the 000 lockdown). */
  readonly groupSize: number;
  /** When the first group of each community leaves, `HH:MM`. */
  readonly firstStart: string;
  /** Minutes between two start slots of a community: groups are staggered. */
  readonly intervalMinutes: number;
  /** Minutes a group occupies its route (walk, queue, sample, walk back). */
  readonly slotMinutes: number;
}

/** One group of a plan: who, from where, when and along which route. */
export interface PlannedGroup {
  readonly groupId: string;
  readonly community: string;
  readonly buildings: readonly string[];
  readonly floors: readonly string[];
  readonly rooms: readonly string[];
  readonly students: readonly RoundStudent[];
  /** `HH:MM` on the round's date. */
  readonly start: string;
  readonly end: string;
  readonly route: string;
}

export interface RoundPlan {
  readonly roundId: string;
  readonly date: string;
  readonly wholeCampus: boolean;
  /** The communities the round covers, in dorm-line order. */
  readonly communities: readonly string[];
  readonly settings: PlanSettings;
  readonly routes: readonly CommunityTestRoutes[];
  /** Per community in dorm-line order, then by start. */
  readonly groups: readonly PlannedGroup[];
  readonly summary: readonly CommunityRoundSummary[];
  readonly studentCount: number;
  readonly oversizeRooms: readonly string[];
}

export interface PlanRoundInput {
  roundId: string;
  date: string;
  /** Community codes, or 'all': every community with students on campus. */
  communities: readonly string[] | 'all';
  /** Every student on campus (the service's roster copy); those elsewhere are left out. */
  students: readonly RoundStudent[];
  routes: readonly CommunityRoutesInput[];
  /** Default 40. */
  groupSize?: number;
  firstStart: string;
  intervalMinutes: number;
  slotMinutes: number;
}

export const defaultGroupSize = 40;

const roundIdFormat = new RegExp(testingPatterns.roundId);

export function requireRoundId(value: unknown): string {
  return requireFormat(value, roundIdFormat, 'roundId');
}

function requireWhole(value: unknown, field: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw Rejection.invalid(field, `${field} must be a whole number from ${min} to ${max}`);
  }
  return value;
}

export function requireSettings(input: Partial<Record<keyof PlanSettings, unknown>>): PlanSettings {
  return {
    groupSize: requireWhole(
      input.groupSize ?? defaultGroupSize,
      'groupSize',
      1,
      testingLimits.maxGroupSize,
    ),
    firstStart: requireStartTime(input.firstStart, 'firstStart'),
    intervalMinutes: requireWhole(
      input.intervalMinutes,
      'intervalMinutes',
      1,
      testingLimits.maxMinutes,
    ),
    slotMinutes: requireWhole(input.slotMinutes, 'slotMinutes', 1, testingLimits.maxMinutes),
  };
}

/** `cm1-g007`: the community, then a number never used before in the round. */
export function groupIdOf(community: string, sequence: number): string {
  return `${community}-g${String(sequence).padStart(3, '0')}`;
}

/** Students by community, each list in dorm-line order; communities in dorm-line order. */
function byCommunity(students: readonly RoundStudent[]): Map<string, RoundStudent[]> {
  const result = new Map<string, RoundStudent[]>();
  for (const student of dormLineOrder(students)) {
    const community = communityOf(student);
    const list = result.get(community);
    if (list) list.push(student);
    else result.set(community, [student]);
  }
  return result;
}

/**
 * Packs and times the groups of each community. `pinned` are the slots of groups kept by a
 * re-plan (see RouteScheduler); `sequenceAfter` the last group number used per community.
 */
function planCommunities(
  students: Map<string, RoundStudent[]>,
  settings: PlanSettings,
  routes: readonly CommunityTestRoutes[],
  pinned: ReadonlyMap<string, readonly RouteSlot[]>,
  sequenceAfter: ReadonlyMap<string, number>,
): { groups: PlannedGroup[]; oversizeRooms: string[] } {
  const routesOf = new Map(routes.map((r) => [r.community, r.routes]));
  const groups: PlannedGroup[] = [];
  const oversizeRooms: string[] = [];
  for (const [community, members] of students) {
    const communityRoutes = routesOf.get(community);
    if (!communityRoutes) {
      throw Rejection.invalid(
        'routes',
        `community ${community} has ${members.length} students in the round but no routes`,
        { community },
      );
    }
    const packed = packCommunity(community, members, settings.groupSize);
    oversizeRooms.push(...packed.oversizeRooms);
    const scheduler = new RouteScheduler(
      communityRoutes,
      {
        firstStart: minutesOf(settings.firstStart),
        interval: settings.intervalMinutes,
        length: settings.slotMinutes,
      },
      pinned.get(community),
    );
    let sequence = sequenceAfter.get(community) ?? 0;
    for (const group of packed.groups) {
      const slot = scheduler.next(group.buildings);
      if (slot.end > minutesPerDay) {
        throw Rejection.invalid(
          'routes',
          `community ${community} would test until ${Math.floor(slot.end / 60)}:` +
            `${String(slot.end % 60).padStart(2, '0')}, past the end of the day: add routes, ` +
            'shorten intervalMinutes or slotMinutes, or start earlier',
          { community, groups: packed.groups.length, routes: communityRoutes.length },
        );
      }
      sequence += 1;
      groups.push({
        groupId: groupIdOf(community, sequence),
        ...group,
        start: clockTimeOf(slot.start),
        end: clockTimeOf(slot.end),
        route: slot.route,
      });
    }
  }
  return { groups, oversizeRooms };
}

function summarise(
  communities: readonly string[],
  groups: readonly PlannedGroup[],
): CommunityRoundSummary[] {
  const summary = new Map(communities.map((c) => [c, { community: c, groups: 0, students: 0 }]));
  for (const group of groups) {
    const entry = summary.get(group.community);
    // planRound only forms groups in the round's communities.
    if (!entry) throw new Error(`group ${group.groupId} is in no community of the round`);
    entry.groups += 1;
    entry.students += group.students.length;
  }
  return [...summary.values()];
}

/** The communities of a round, in dorm-line order; a listed one without students included. */
function roundCommunities(
  listed: readonly string[] | 'all',
  students: Map<string, RoundStudent[]>,
): string[] {
  if (listed === 'all') return [...students.keys()];
  const wanted = new Set(listed);
  return [
    ...[...students.keys()].filter((c) => wanted.has(c)),
    ...[...wanted].filter((c) => !students.has(c)).sort(),
  ];
}

function requireCommunities(value: unknown): readonly string[] | 'all' {
  if (value === 'all') return 'all';
  if (!Array.isArray(value) || value.length === 0) {
    throw Rejection.invalid('communities', "communities must be 'all' or list community codes");
  }
  return [...new Set(value.map((c, i) => requireFormat(c, formats.unitCode, `communities[${i}]`)))];
}

/**
 * Plans a round: per community of the round, its students on campus in groups of at most
 * `groupSize` along the dorm line (see packCommunity), each with a staggered start and a
 * route no other group uses at the same time (see RouteScheduler). Deterministic: the same
 * input in any order gives the same plan. O(n log n) in students. Bad input is a 400
 * Rejection naming the field.
 */
export function planRound(input: PlanRoundInput): RoundPlan {
  const roundId = requireRoundId(input.roundId);
  if (!isReportingDay(input.date)) throw Rejection.invalid('date', 'date must be YYYY-MM-DD');
  const listed = requireCommunities(input.communities);
  const settings = requireSettings(input);
  const routes = requireRoutes(input.routes);
  const students = requireRoundStudents(input.students);

  const all = byCommunity(students);
  const communities = roundCommunities(listed, all);
  const inRound = new Map(communities.flatMap((c) => (all.has(c) ? [[c, all.get(c)!]] : [])));
  const { groups, oversizeRooms } = planCommunities(
    inRound,
    settings,
    routes,
    new Map(),
    new Map(),
  );
  return {
    roundId,
    date: input.date,
    wholeCampus: listed === 'all',
    communities,
    settings,
    routes,
    groups,
    summary: summarise(communities, groups),
    studentCount: groups.reduce((n, g) => n + g.students.length, 0),
    oversizeRooms,
  };
}

export interface ReplanInput {
  readonly wholeCampus: boolean;
  readonly communities: readonly string[];
  readonly settings: PlanSettings;
  readonly routes: readonly CommunityTestRoutes[];
  /** The round's groups now, each with whether any sampling was recorded in it. */
  readonly groups: readonly { readonly group: PlannedGroup; readonly tested: boolean }[];
  /** Every student on campus now (validated). */
  readonly students: readonly RoundStudent[];
  /** The last group number used per community. */
  readonly sequenceAfter: ReadonlyMap<string, number>;
}

export interface Replan {
  readonly communities: readonly string[];
  readonly kept: readonly PlannedGroup[];
  readonly dissolvedGroupIds: readonly string[];
  /** Students of dissolved groups who are no longer in the round. */
  readonly removedStudentNumbers: readonly string[];
  readonly formed: readonly PlannedGroup[];
  readonly oversizeRooms: readonly string[];
}

/**
 * Plans a round again after students moved: groups with any sampling recorded stay exactly
 * as they are (their students stay in them, wherever they live now); every other group is
 * dissolved, and their students who are still on campus in the round's communities are
 * regrouped with students new to the round. New groups are numbered after every number used
 * before and are timed from `settings.firstStart`, after the kept groups and around the
 * routes they took (see RouteScheduler): when nothing moved, the same groups come out.
 */
export function replanGroups(input: ReplanInput): Replan {
  const kept = input.groups.filter((g) => g.tested).map((g) => g.group);
  const dissolved = input.groups.filter((g) => !g.tested).map((g) => g.group);
  const keptStudents = new Set(kept.flatMap((g) => g.students.map((s) => s.studentNumber)));

  const all = byCommunity(input.students.filter((s) => !keptStudents.has(s.studentNumber)));
  const communities = input.wholeCampus
    ? [...new Set([...input.communities, ...all.keys()])]
    : [...input.communities];
  const inRound = new Map(communities.flatMap((c) => (all.has(c) ? [[c, all.get(c)!]] : [])));

  const pinned = new Map<string, RouteSlot[]>();
  for (const group of kept) {
    const slots = pinned.get(group.community) ?? [];
    slots.push({ route: group.route, start: minutesOf(group.start), end: minutesOf(group.end) });
    pinned.set(group.community, slots);
  }
  const { groups: formed, oversizeRooms } = planCommunities(
    inRound,
    input.settings,
    input.routes,
    pinned,
    input.sequenceAfter,
  );
  const regrouped = new Set(formed.flatMap((g) => g.students.map((s) => s.studentNumber)));
  return {
    communities,
    kept,
    dissolvedGroupIds: dissolved.map((g) => g.groupId),
    removedStudentNumbers: dissolved.flatMap((g) =>
      g.students.map((s) => s.studentNumber).filter((n) => !regrouped.has(n)),
    ),
    formed,
    oversizeRooms,
  };
}
