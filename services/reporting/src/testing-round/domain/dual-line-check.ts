import type { DiscrepancyKind } from '@bulwark/contracts';
import { buildingOf, communityOf, type RoundStudent } from './roster-input';

/** The class line: one class counsellor's count of who in the class was tested. */
export interface ClassTallyLine {
  readonly classCode: string;
  readonly studentNumbers: readonly string[];
}

/** The dorm line: one community counsellor's count of who in a building was tested. */
export interface DormTallyLine {
  readonly buildingCode: string;
  readonly studentNumbers: readonly string[];
}

/** Finds a student of the round (their class and room as the round knows them). */
export interface RosterLookup {
  get(studentNumber: string): RoundStudent | undefined;
}

/** One student the two lines disagree about, with what both counsellors need to chase it. */
export interface Discrepancy {
  readonly discrepancyId: string;
  readonly kind: DiscrepancyKind;
  readonly studentNumber: string;
  readonly name: string;
  readonly classCode: string;
  readonly roomCode: string;
  readonly buildingCode: string;
  readonly community: string;
  /** The classes whose tally counts the student. */
  readonly classLine: readonly string[];
  /** The buildings whose tally counts the student. */
  readonly dormLine: readonly string[];
}

/** Head counts of both lines for one class or one building, side by side. */
export interface LineTotals {
  readonly classLine: number;
  readonly dormLine: number;
}

export interface Reconciliation {
  /** By class, then student number, then kind. */
  readonly discrepancies: readonly Discrepancy[];
  /** Per class: its class tally, and the dorm line's count of its students. Sorted by class. */
  readonly byClass: readonly ({ readonly classCode: string } & LineTotals)[];
  /** Per building: its dorm tally, and the class line's count of its residents. Sorted. */
  readonly byBuilding: readonly ({ readonly buildingCode: string } & LineTotals)[];
  readonly totals: LineTotals;
}

/** `class-line-only:2020310001`: a discrepancy is one kind of disagreement about one student. */
export function discrepancyIdOf(kind: DiscrepancyKind, studentNumber: string): string {
  return `${kind}:${studentNumber}`;
}

function collect(
  lines: Iterable<{ code: string; studentNumbers: readonly string[] }>,
): Map<string, string[]> {
  const where = new Map<string, string[]>();
  for (const { code, studentNumbers } of lines) {
    for (const studentNumber of studentNumbers) {
      const codes = where.get(studentNumber);
      if (codes) codes.push(code);
      else where.set(studentNumber, [code]);
    }
  }
  return where;
}

function bump(counts: Map<string, { classLine: number; dormLine: number }>, code: string) {
  let entry = counts.get(code);
  if (!entry) counts.set(code, (entry = { classLine: 0, dormLine: 0 }));
  return entry;
}

const byCode = <T>(counts: Map<string, T>): [string, T][] =>
  [...counts].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));

/**
 * Compares the class line and the dorm line of a round by name, not only by total: a student
 * counted on one line only is a discrepancy (`class-line-only`, `dorm-line-only`), and so is
 * a student counted by two buildings or two classes (`counted-twice`). Each comes with the
 * student's name, class and room from the roster, so both counsellors can chase it. Totals
 * per class and per building are given side by side. Every counted student must be in
 * `roster` (the deciders see to it). Linear in the students counted, plus sorting the output.
 */
export function reconcile(
  classTallies: Iterable<ClassTallyLine>,
  dormTallies: Iterable<DormTallyLine>,
  roster: RosterLookup,
): Reconciliation {
  const classLines = [...classTallies].map((t) => ({
    code: t.classCode,
    studentNumbers: t.studentNumbers,
  }));
  const dormLines = [...dormTallies].map((t) => ({
    code: t.buildingCode,
    studentNumbers: t.studentNumbers,
  }));
  const classLine = collect(classLines);
  const dormLine = collect(dormLines);
  const perClass = new Map<string, { classLine: number; dormLine: number }>();
  const perBuilding = new Map<string, { classLine: number; dormLine: number }>();
  for (const line of classLines) bump(perClass, line.code).classLine += line.studentNumbers.length;
  for (const line of dormLines) bump(perBuilding, line.code).dormLine += line.studentNumbers.length;

  const discrepancies: Discrepancy[] = [];
  const studentOf = (studentNumber: string): RoundStudent => {
    const student = roster.get(studentNumber);
    if (!student) throw new Error(`student ${studentNumber} is counted but not in the round`);
    return student;
  };
  const found = (
    kind: DiscrepancyKind,
    student: RoundStudent,
    classes: readonly string[],
    buildings: readonly string[],
  ) =>
    discrepancies.push({
      discrepancyId: discrepancyIdOf(kind, student.studentNumber),
      kind,
      studentNumber: student.studentNumber,
      name: student.name,
      classCode: student.classCode,
      roomCode: student.roomCode,
      buildingCode: buildingOf(student),
      community: communityOf(student),
      classLine: classes,
      dormLine: buildings,
    });

  for (const [studentNumber, classes] of classLine) {
    const student = studentOf(studentNumber);
    bump(perBuilding, buildingOf(student)).classLine += classes.length;
    const buildings = dormLine.get(studentNumber) ?? [];
    if (buildings.length === 0) found('class-line-only', student, classes, buildings);
    if (classes.length > 1 || buildings.length > 1)
      found('counted-twice', student, classes, buildings);
  }
  for (const [studentNumber, buildings] of dormLine) {
    const student = studentOf(studentNumber);
    bump(perClass, student.classCode).dormLine += buildings.length;
    if (classLine.has(studentNumber)) continue;
    found('dorm-line-only', student, [], buildings);
    if (buildings.length > 1) found('counted-twice', student, [], buildings);
  }

  discrepancies.sort(
    (a, b) =>
      (a.classCode < b.classCode ? -1 : a.classCode > b.classCode ? 1 : 0) ||
      (a.studentNumber < b.studentNumber ? -1 : a.studentNumber > b.studentNumber ? 1 : 0) ||
      (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : 0),
  );
  let classTotal = 0;
  let dormTotal = 0;
  for (const line of classLines) classTotal += line.studentNumbers.length;
  for (const line of dormLines) dormTotal += line.studentNumbers.length;
  return {
    discrepancies,
    byClass: byCode(perClass).map(([classCode, t]) => ({ classCode, ...t })),
    byBuilding: byCode(perBuilding).map(([buildingCode, t]) => ({ buildingCode, ...t })),
    totals: { classLine: classTotal, dormLine: dormTotal },
  };
}
