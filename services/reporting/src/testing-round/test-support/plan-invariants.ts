import { minutesOf } from '../domain/clock-time';
import type { PlannedGroup } from '../domain/group-cutting';
import type { RoundStudent } from '../domain/roster-input';
import { defined } from '../../test-support/defined';

/**
 * Everything that must hold of a round's groups, checked exhaustively; [] when it all does.
 * - no group above `groupSize`, none empty;
 * - no student in two groups; every expected student in exactly one; nobody else;
 * - no room split across groups, except `oversizeRooms`;
 * - a floor that fits in a group is not split across groups;
 * - two groups on one route of one community never overlap in time;
 * - group fields agree with its students (community, buildings, floors, rooms).
 */
export function planViolations(
  groups: readonly PlannedGroup[],
  expected: readonly RoundStudent[],
  groupSize: number,
  oversizeRooms: readonly string[] = [],
): string[] {
  const problems: string[] = [];
  const groupOf = new Map<string, string>();
  const groupsOfRoom = new Map<string, Set<string>>();
  const groupsOfFloor = new Map<string, Set<string>>();
  const floorSize = new Map<string, number>();
  for (const group of groups) {
    if (group.students.length > groupSize) {
      problems.push(`${group.groupId} has ${group.students.length} students`);
    }
    if (group.students.length === 0) problems.push(`${group.groupId} is empty`);
    for (const s of group.students) {
      const earlier = groupOf.get(s.studentNumber);
      if (earlier) problems.push(`${s.studentNumber} is in ${earlier} and ${group.groupId}`);
      groupOf.set(s.studentNumber, group.groupId);
      if (s.roomPath[1] !== group.community) {
        problems.push(`${s.studentNumber} of ${s.roomPath[1]} is in ${group.groupId}`);
      }
      for (const [map, key] of [
        [groupsOfRoom, s.roomCode],
        [groupsOfFloor, s.roomPath[3]],
      ] as const) {
        const set = map.get(defined(key)) ?? new Set<string>();
        set.add(group.groupId);
        map.set(defined(key), set);
      }
      floorSize.set(defined(s.roomPath[3]), (floorSize.get(defined(s.roomPath[3])) ?? 0) + 1);
    }
    // A student missing a level of their room path shows as a mismatch here.
    const same = (a: readonly string[], b: readonly (string | undefined)[]) =>
      a.length === b.length && a.every((x, i) => x === b[i]);
    const distinct = <T>(xs: T[]) => [...new Set(xs)];
    if (!same(group.rooms, distinct(group.students.map((s) => s.roomCode))))
      problems.push(`${group.groupId} lists rooms that are not its students'`);
    if (!same(group.floors, distinct(group.students.map((s) => s.roomPath[3]))))
      problems.push(`${group.groupId} lists floors that are not its students'`);
    if (!same(group.buildings, distinct(group.students.map((s) => s.roomPath[2]))))
      problems.push(`${group.groupId} lists buildings that are not its students'`);
  }
  const expectedNumbers = new Set(expected.map((s) => s.studentNumber));
  for (const n of expectedNumbers) if (!groupOf.has(n)) problems.push(`${n} is in no group`);
  for (const n of groupOf.keys()) {
    if (!expectedNumbers.has(n)) problems.push(`${n} is grouped but not expected`);
  }
  for (const [room, set] of groupsOfRoom) {
    if (set.size > 1 && !oversizeRooms.includes(room)) {
      problems.push(`room ${room} is split over ${[...set].join(', ')}`);
    }
  }
  for (const [floor, set] of groupsOfFloor) {
    if (set.size > 1 && floorSize.get(floor)! <= groupSize) {
      problems.push(
        `floor ${floor} (${floorSize.get(floor)}) is split over ${[...set].join(', ')}`,
      );
    }
  }
  problems.push(...routeOverlaps(groups));
  return problems;
}

/** Pairs of groups that use one route of one community at the same time. */
export function routeOverlaps(groups: readonly PlannedGroup[]): string[] {
  const byRoute = new Map<string, PlannedGroup[]>();
  for (const group of groups) {
    const key = `${group.community}/${group.route}`;
    const list = byRoute.get(key) ?? [];
    list.push(group);
    byRoute.set(key, list);
  }
  const problems: string[] = [];
  for (const [route, list] of byRoute) {
    list.sort((a, b) => minutesOf(a.start) - minutesOf(b.start));
    for (let i = 1; i < list.length; i += 1) {
      if (minutesOf(defined(list[i]).start) < minutesOf(defined(list[i - 1]).end)) {
        problems.push(
          `${route}: ${defined(list[i - 1]).groupId} ${defined(list[i - 1]).start}-${defined(list[i - 1]).end} overlaps ` +
            `${defined(list[i]).groupId} ${defined(list[i]).start}-${defined(list[i]).end}`,
        );
      }
    }
  }
  return problems;
}
