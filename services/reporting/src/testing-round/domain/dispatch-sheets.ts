import { buildingOf, type RoundStudent } from './roster-input';
import type { PlannedGroup } from './group-cutting';

/** The plan as one student reads it: "your group, your time, your route". */
export interface StudentAssignment {
  readonly studentNumber: string;
  readonly name: string;
  readonly groupId: string;
  readonly community: string;
  /** Where the student gathers: their building (as the plan knows it). */
  readonly building: string;
  readonly roomCode: string;
  readonly start: string;
  readonly end: string;
  readonly route: string;
}

const byStart = (a: PlannedGroup, b: PlannedGroup): number =>
  a.start < b.start ? -1 : a.start > b.start ? 1 : a.groupId < b.groupId ? -1 : 1;

/** A community's groups by start time: the community counsellor's dispatch sheet. */
export function groupsOfCommunity(
  groups: Iterable<PlannedGroup>,
  community: string,
): PlannedGroup[] {
  return [...groups].filter((g) => g.community === community).sort(byStart);
}

/**
 * A building's part of the plan by start time: each group with students in the building,
 * and which of its students live there (a group may gather on two buildings).
 */
export function groupsOfBuilding(
  groups: Iterable<PlannedGroup>,
  building: string,
): { group: PlannedGroup; students: RoundStudent[] }[] {
  return [...groups]
    .filter((g) => g.buildings.includes(building))
    .sort(byStart)
    .map((group) => ({
      group,
      students: group.students.filter((s) => buildingOf(s) === building),
    }));
}

function assignment(group: PlannedGroup, student: RoundStudent): StudentAssignment {
  return {
    studentNumber: student.studentNumber,
    name: student.name,
    groupId: group.groupId,
    community: group.community,
    building: buildingOf(student),
    roomCode: student.roomCode,
    start: group.start,
    end: group.end,
    route: group.route,
  };
}

/** One student's group, time and route; null when the student is not in the round. */
export function assignmentOf(
  groups: Iterable<PlannedGroup>,
  studentNumber: string,
): StudentAssignment | null {
  for (const group of groups) {
    const student = group.students.find((s) => s.studentNumber === studentNumber);
    if (student) return assignment(group, student);
  }
  return null;
}

/** Every student's assignment, by student number: for a read model or many look-ups. */
export function assignmentsByStudent(
  groups: Iterable<PlannedGroup>,
): Map<string, StudentAssignment> {
  const result = new Map<string, StudentAssignment>();
  for (const group of groups) {
    for (const student of group.students) {
      result.set(student.studentNumber, assignment(group, student));
    }
  }
  return result;
}
