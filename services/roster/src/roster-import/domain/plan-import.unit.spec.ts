import { RosterWorld } from '../../test-support/roster-world';
import type { CreateUnit } from '../../units/domain/create-unit';
import { parseRosterCsv, rosterColumns } from './parse-roster';
import { planImport } from './plan-import';

const units: CreateUnit[] = [
  { code: 'uni', name: 'University', level: 'university', parentCode: null },
  { code: 'sem', name: 'SEM', level: 'college', parentCode: 'uni' },
  { code: 'sem-2020', name: '2020级', level: 'grade', parentCode: 'sem' },
  { code: 'sem-2020-ug-01', name: '2020级本科1班', level: 'class', parentCode: 'sem-2020' },
  { code: 'main', name: 'Main', level: 'campus', parentCode: null },
  { code: 'cm1', name: 'Community 1', level: 'community', parentCode: 'main' },
  { code: 'b001', name: 'Building 1', level: 'building', parentCode: 'cm1' },
  { code: 'b001-f1', name: 'Floor 1', level: 'floor', parentCode: 'b001' },
  { code: 'b001-101', name: '101', level: 'room', parentCode: 'b001-f1', bedCapacity: 2 },
];

const file = (...rows: string[]) => [rosterColumns.join(','), ...rows].join('\n');
const row = (n: string, room = '', place = 'Beijing,Beijing,no', klass = 'sem-2020-ug-01') =>
  `${n},学生${n},undergraduate,${klass},female,Han,no,1380000${n},${room},${room ? ',,' : place}`;

function worldWithUnits(): RosterWorld {
  const world = new RosterWorld();
  world.createUnits(units);
  return world;
}

describe('planning an import', () => {
  it('plans to enrol new students, counting earlier rows of the file against room capacity', () => {
    // given a room of 2 beds with one student already in it
    const world = worldWithUnits();
    world.enrol({
      studentNumber: '0000',
      name: '老生',
      studentType: 'undergraduate',
      classCode: 'sem-2020-ug-01',
      gender: 'female',
      ethnicity: 'Han',
      halal: false,
      phone: '13800000000',
      residence: { kind: 'on-campus', roomCode: 'b001-101' },
    });
    // when the file puts two more into it, and names an unknown class and room
    const parsed = parseRosterCsv(
      file(
        row('0001', 'b001-101'),
        row('0002', 'b001-101'),
        row('0003', '', undefined, 'sem-2020-ug-99'),
        row('0004', 'b001-999'),
      ),
    );
    expect(parsed.errors).toEqual([]);
    const plan = planImport(parsed.rows, world.known());
    // then the first fits, the second would be the third bed of two
    expect(plan.rows).toEqual([
      { line: 2, action: 'enrol', command: expect.objectContaining({ studentNumber: '0001' }) },
    ]);
    expect(plan.errors).toEqual([
      {
        line: 3,
        field: 'room',
        reason: 'room b001-101 is full (2/2, counting earlier rows of this file)',
      },
      { line: 4, field: 'class', reason: 'class sem-2020-ug-99 does not exist' },
      { line: 5, field: 'room', reason: 'room b001-999 does not exist' },
    ]);
    expect(plan.counts).toEqual({ enrol: 1, unchanged: 0, rejected: 3 });
  });

  it('changes nothing when the same file is sent again', () => {
    const world = worldWithUnits();
    const text = file(row('0001', 'b001-101'), row('0002'), row('0003', '', 'Hubei,Wuhan,yes'));
    const first = planImport(parseRosterCsv(text).rows, world.known());
    expect(first.counts).toEqual({ enrol: 3, unchanged: 0, rejected: 0 });
    for (const planned of first.rows) if (planned.action === 'enrol') world.enrol(planned.command);

    const again = planImport(parseRosterCsv(text).rows, world.known());
    expect(again.errors).toEqual([]);
    expect(again.rows.map((r) => r.action)).toEqual(['unchanged', 'unchanged', 'unchanged']);
  });

  it('refuses a row that contradicts a student already on the roster', () => {
    const world = worldWithUnits();
    const first = planImport(parseRosterCsv(file(row('0001'))).rows, world.known());
    for (const planned of first.rows) if (planned.action === 'enrol') world.enrol(planned.command);

    const moved = planImport(
      parseRosterCsv(file(row('0001', '', 'Hubei,Wuhan,yes'))).rows,
      world.known(),
    );
    expect(moved.rows).toEqual([]);
    expect(moved.errors).toEqual([
      {
        line: 2,
        field: 'province',
        reason: expect.stringContaining(
          'student 0001 is already on the roster with a different province, city, risk_area',
        ),
      },
    ]);
  });

  it('refuses a room held in reserve', () => {
    const world = worldWithUnits();
    world.append('unit-b001-101', [
      {
        type: 'RoomReserved',
        data: { roomCode: 'b001-101', purpose: 'isolation-reserve', relocationId: null },
      },
    ]);
    const plan = planImport(parseRosterCsv(file(row('0001', 'b001-101'))).rows, world.known());
    expect(plan.errors).toEqual([
      { line: 2, field: 'room', reason: expect.stringContaining('reserved') },
    ]);
  });
});
