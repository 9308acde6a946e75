import { reconcile } from './dual-line-check';
import type { RoundStudent } from './roster-input';
import { student } from '../test-support/round-fixtures';
import { sampleDorms, sampleTallies } from '../test-support/sample-dorms';

const roster = new Map<string, RoundStudent>(
  [
    student('a1', 'r101', { classCode: 'k1', building: 'b1' }),
    student('a2', 'r101', { classCode: 'k1', building: 'b1' }),
    student('a3', 'r201', { classCode: 'k2', building: 'b2' }),
    student('a4', 'r201', { classCode: 'k2', building: 'b2' }),
  ].map((s) => [s.studentNumber, s]),
);

describe('reconciling the class line and the dorm line', () => {
  it('agrees when both lines count the same students', () => {
    const result = reconcile(
      [
        { classCode: 'k1', studentNumbers: ['a1', 'a2'] },
        { classCode: 'k2', studentNumbers: ['a3', 'a4'] },
      ],
      [
        { buildingCode: 'b1', studentNumbers: ['a2', 'a1'] },
        { buildingCode: 'b2', studentNumbers: ['a3', 'a4'] },
      ],
      roster,
    );
    expect(result.discrepancies).toEqual([]);
    expect(result.byClass).toEqual([
      { classCode: 'k1', classLine: 2, dormLine: 2 },
      { classCode: 'k2', classLine: 2, dormLine: 2 },
    ]);
    expect(result.totals).toEqual({ classLine: 4, dormLine: 4 });
  });

  it('compares by name, not by total: equal totals can hide two discrepancies', () => {
    // given: the class line has a1, not a2; the dorm line a2, not a1 (totals 3 and 3)
    const result = reconcile(
      [
        { classCode: 'k1', studentNumbers: ['a1'] },
        { classCode: 'k2', studentNumbers: ['a3', 'a4'] },
      ],
      [
        { buildingCode: 'b1', studentNumbers: ['a2'] },
        { buildingCode: 'b2', studentNumbers: ['a3', 'a4'] },
      ],
      roster,
    );
    expect(result.totals).toEqual({ classLine: 3, dormLine: 3 });
    expect(result.discrepancies).toEqual([
      {
        discrepancyId: 'class-line-only:a1',
        kind: 'class-line-only',
        studentNumber: 'a1',
        name: 'Student a1',
        classCode: 'k1',
        roomCode: 'r101',
        buildingCode: 'b1',
        community: 'cm1',
        classLine: ['k1'],
        dormLine: [],
      },
      {
        discrepancyId: 'dorm-line-only:a2',
        kind: 'dorm-line-only',
        studentNumber: 'a2',
        name: 'Student a2',
        classCode: 'k1',
        roomCode: 'r101',
        buildingCode: 'b1',
        community: 'cm1',
        classLine: [],
        dormLine: ['b1'],
      },
    ]);
  });

  it('flags a student counted by two buildings, and shows totals side by side', () => {
    // given a3 moved room: both b1 and b2 count them
    const result = reconcile(
      [{ classCode: 'k2', studentNumbers: ['a3'] }],
      [
        { buildingCode: 'b1', studentNumbers: ['a3'] },
        { buildingCode: 'b2', studentNumbers: ['a3'] },
      ],
      roster,
    );
    expect(result.discrepancies.map((d) => [d.discrepancyId, d.dormLine])).toEqual([
      ['counted-twice:a3', ['b1', 'b2']],
    ]);
    expect(result.byClass).toEqual([{ classCode: 'k2', classLine: 1, dormLine: 2 }]);
    expect(result.byBuilding).toEqual([
      { buildingCode: 'b1', classLine: 0, dormLine: 1 },
      { buildingCode: 'b2', classLine: 1, dormLine: 1 },
    ]);
  });

  it('finds 200 seeded discrepancies among 20,000 students by name', () => {
    const dorms = sampleDorms({ students: 20_000, communities: 8 });
    const tallies = sampleTallies(dorms, 100);
    const students = new Map(dorms.students.map((s) => [s.studentNumber, s]));
    const result = reconcile(tallies.classTallies, tallies.dormTallies, students);
    const found = (kind: string) =>
      result.discrepancies.filter((d) => d.kind === kind).map((d) => d.studentNumber);
    expect(found('class-line-only').sort()).toEqual([...tallies.classLineOnly].sort());
    expect(found('dorm-line-only').sort()).toEqual([...tallies.dormLineOnly].sort());
    expect(result.totals).toEqual({ classLine: 19_900, dormLine: 19_900 });
  });
});
