import { expectContractConformance } from '../test-support/contract-check';
import {
  academicLine,
  bedAllocated,
  event,
  given,
  givenRoom,
  rejectionOf,
  residentialLine,
  roomCreated,
  roomPathOf,
} from '../test-support/given';
import type { CreateUnit } from './commands';
import { decideAllocateBed, decideAssignStaff, decideCreateUnit, decideFreeBed } from './decide';
import { evolveUnit } from './evolve';
import { initialUnitState, isRoom } from './state';

const absent = (code: string) => initialUnitState(code);

describe('creating units', () => {
  it('creates the university at the top of the academic line', () => {
    // given no unit `uni`; when
    const events = decideCreateUnit(
      { code: 'uni', name: 'University', level: 'university', parentCode: null },
      { unit: absent('uni') },
    );
    // then
    expect(events).toEqual([academicLine.university]);
    expectContractConformance(events);
  });

  it('creates a class under its grade, with the path from the university', () => {
    const parent = given.unit('sem-2020', academicLine.grade);
    const events = decideCreateUnit(
      { code: 'sem-2020-ug-01', name: ' 2020级本科1班 ', level: 'class', parentCode: 'sem-2020' },
      { unit: absent('sem-2020-ug-01'), parent },
    );
    expect(events).toEqual([academicLine.class]);
  });

  it('creates a room with beds under its floor', () => {
    const parent = given.unit('b001-f1', residentialLine.floor);
    const events = decideCreateUnit(
      {
        code: 'b001-101',
        name: 'Room b001-101',
        level: 'room',
        parentCode: 'b001-f1',
        bedCapacity: 4,
      },
      { unit: absent('b001-101'), parent },
    );
    expect(events).toEqual([roomCreated('b001-101', 4)]);
    expectContractConformance(events);
    const room = events.reduce(evolveUnit, absent('b001-101'));
    expect(isRoom(room) && room.room).toEqual({
      capacity: 4,
      occupants: new Set(),
      reservedFor: null,
      reservedBy: null,
    });
  });

  it.each<[string, CreateUnit, string, string]>([
    [
      'an upper-case code',
      { code: 'SEM', name: 'x', level: 'college', parentCode: 'uni' },
      'invalid',
      'code',
    ],
    [
      'a code with a space',
      { code: 'a b', name: 'x', level: 'college', parentCode: 'uni' },
      'invalid',
      'code',
    ],
    [
      'a code of 65 characters',
      { code: 'a'.repeat(65), name: 'x', level: 'college', parentCode: 'uni' },
      'invalid',
      'code',
    ],
    [
      'an empty name',
      { code: 'sem', name: '  ', level: 'college', parentCode: 'uni' },
      'invalid',
      'name',
    ],
    [
      'an unknown level',
      { code: 'sem', name: 'x', level: 'faculty' as never, parentCode: 'uni' },
      'invalid',
      'level',
    ],
    [
      'a college without a parent',
      { code: 'sem', name: 'x', level: 'college', parentCode: null },
      'invalid',
      'parentCode',
    ],
    [
      'a university with a parent',
      { code: 'u2', name: 'x', level: 'university', parentCode: 'uni' },
      'invalid',
      'parentCode',
    ],
    [
      'a floor with beds',
      { code: 'f9', name: 'x', level: 'floor', parentCode: 'b001', bedCapacity: 4 },
      'invalid',
      'bedCapacity',
    ],
    [
      'a room without beds',
      { code: 'r9', name: 'x', level: 'room', parentCode: 'b001-f1' },
      'invalid',
      'bedCapacity',
    ],
    [
      'a room of 17 beds',
      { code: 'r9', name: 'x', level: 'room', parentCode: 'b001-f1', bedCapacity: 17 },
      'invalid',
      'bedCapacity',
    ],
    [
      'a room of 2.5 beds',
      { code: 'r9', name: 'x', level: 'room', parentCode: 'b001-f1', bedCapacity: 2.5 },
      'invalid',
      'bedCapacity',
    ],
  ])('refuses %s', (_what, command, kind, field) => {
    const parents = {
      uni: given.unit('uni', academicLine.university),
      b001: given.unit('b001', residentialLine.building),
      'b001-f1': given.unit('b001-f1', residentialLine.floor),
    };
    const parent = parents[command.parentCode as keyof typeof parents];
    expect(
      rejectionOf(() => decideCreateUnit(command, { unit: absent(command.code), parent })),
    ).toMatchObject({
      kind,
      field,
    });
  });

  it('refuses a parent that does not exist (400: the body names it)', () => {
    const rejection = rejectionOf(() =>
      decideCreateUnit(
        { code: 'sem', name: 'SEM', level: 'college', parentCode: 'uni' },
        { unit: absent('sem'), parent: absent('uni') },
      ),
    );
    expect(rejection).toMatchObject({ kind: 'invalid', field: 'parentCode' });
  });

  it('refuses a parent two levels up or on the other line', () => {
    const university = given.unit('uni', academicLine.university);
    expect(
      rejectionOf(() =>
        decideCreateUnit(
          { code: 'sem-2020', name: '2020', level: 'grade', parentCode: 'uni' },
          { unit: absent('sem-2020'), parent: university },
        ),
      ),
    ).toMatchObject({
      kind: 'invalid',
      field: 'parentCode',
      details: { expectedLevel: 'college' },
    });

    const floor = given.unit('b001-f1', residentialLine.floor);
    expect(
      rejectionOf(() =>
        decideCreateUnit(
          { code: 'c1', name: 'Class', level: 'class', parentCode: 'b001-f1' },
          { unit: absent('c1'), parent: floor },
        ),
      ),
    ).toMatchObject({ kind: 'invalid', field: 'parentCode' });
  });

  it('refuses a code already taken, on either line (409)', () => {
    const existing = given.unit('sem', academicLine.college);
    const rejection = rejectionOf(() =>
      decideCreateUnit(
        { code: 'sem', name: 'Community', level: 'community', parentCode: 'main' },
        { unit: existing, parent: given.unit('main', residentialLine.campus) },
      ),
    );
    expect(rejection).toMatchObject({ kind: 'conflict', field: 'code' });
  });
});

describe('assigning staff', () => {
  const college = given.unit('sem', academicLine.college);
  const klass = given.unit('sem-2020-ug-01', academicLine.class);
  const community = given.unit('cm1', residentialLine.community);

  it.each([
    ['party-secretary', 'sem'],
    ['deputy-party-secretary', 'sem'],
    ['league-secretary', 'sem'],
    ['class-counsellor', 'sem-2020-ug-01'],
    ['community-counsellor', 'cm1'],
  ] as const)('assigns a %s to %s', (role, unitCode) => {
    const unit = { sem: college, 'sem-2020-ug-01': klass, cm1: community }[unitCode];
    const events = decideAssignStaff(
      { unitCode, staffId: 'T-1024', staffName: '王老师', role },
      unit,
    );
    expect(events).toEqual([
      event('StaffAssignedToUnit', { unitCode, staffId: 'T-1024', staffName: '王老师', role }),
    ]);
    expectContractConformance(events);
  });

  it('refuses a role that does not fit the level (400 role)', () => {
    expect(
      rejectionOf(() =>
        decideAssignStaff(
          { unitCode: 'sem', staffId: 'T-1', staffName: 'Li', role: 'class-counsellor' },
          college,
        ),
      ),
    ).toMatchObject({ kind: 'invalid', field: 'role' });
    expect(
      rejectionOf(() =>
        decideAssignStaff(
          { unitCode: 'cm1', staffId: 'T-1', staffName: 'Li', role: 'floor-head' },
          community,
        ),
      ),
    ).toMatchObject({ kind: 'invalid', field: 'role' });
  });

  it('refuses a unit that does not exist (404)', () => {
    expect(
      rejectionOf(() =>
        decideAssignStaff(
          { unitCode: 'nope', staffId: 'T-1', staffName: 'Li', role: 'floor-head' },
          absent('nope'),
        ),
      ),
    ).toMatchObject({ kind: 'not-found', field: 'unitCode' });
  });

  it('changes nothing when the same staff already holds the role', () => {
    const assigned = given.unit(
      'sem',
      academicLine.college,
      event('StaffAssignedToUnit', {
        unitCode: 'sem',
        staffId: 'T-1',
        staffName: 'Li',
        role: 'party-secretary',
      }),
    );
    const command = {
      unitCode: 'sem',
      staffId: 'T-1',
      staffName: 'Li',
      role: 'party-secretary',
    } as const;
    expect(decideAssignStaff(command, assigned)).toEqual([]);
    expect(decideAssignStaff({ ...command, role: 'league-secretary' }, assigned)).toHaveLength(1);
  });
});

describe('room occupancy', () => {
  it('allocates a free bed', () => {
    const room = givenRoom('b001-101', 4, ['s1']);
    expect(decideAllocateBed(room, 's2')).toEqual([bedAllocated('b001-101', 's2')]);
  });

  it('refuses a full room with its occupancy (409 roomCode)', () => {
    const room = givenRoom('b001-101', 2, ['s1', 's2']);
    const rejection = rejectionOf(() => decideAllocateBed(room, 's3'));
    expect(rejection).toMatchObject({
      kind: 'conflict',
      field: 'roomCode',
      message: 'room b001-101 is full (2/2)',
      details: { roomCode: 'b001-101', occupancy: 2, capacity: 2, occupants: ['s1', 's2'] },
    });
  });

  it('refuses a reserved room (409)', () => {
    const room = given.unit(
      'b001-101',
      roomCreated('b001-101', 4),
      event('RoomReserved', {
        roomCode: 'b001-101',
        purpose: 'isolation-reserve',
        relocationId: 'r1',
      }),
    );
    expect(rejectionOf(() => decideAllocateBed(room, 's1'))).toMatchObject({
      kind: 'conflict',
      field: 'roomCode',
      details: { reservedFor: 'isolation-reserve' },
    });
  });

  it('refuses what is not a room', () => {
    expect(rejectionOf(() => decideAllocateBed(absent('b001-999'), 's1'))).toMatchObject({
      kind: 'invalid',
    });
    expect(
      rejectionOf(() => decideAllocateBed(given.unit('b001-f1', residentialLine.floor), 's1')),
    ).toMatchObject({
      kind: 'invalid',
      field: 'roomCode',
    });
  });

  it('is idempotent: an occupant is allocated nothing, a non-occupant freed nothing', () => {
    const room = givenRoom('b001-101', 4, ['s1']);
    expect(decideAllocateBed(room, 's1')).toEqual([]);
    expect(decideFreeBed(room, 's9')).toEqual([]);
    expect(decideFreeBed(room, 's1')).toEqual([
      event('BedFreed', { roomCode: 'b001-101', studentNumber: 's1' }),
    ]);
  });

  it('folds beds in and out without touching earlier states', () => {
    const before = givenRoom('b001-101', 4, ['s1', 's2']);
    const after = evolveUnit(
      before,
      event('BedFreed', { roomCode: 'b001-101', studentNumber: 's1' }),
    );
    expect(isRoom(before) && [...before.room.occupants]).toEqual(['s1', 's2']);
    expect(isRoom(after) && [...after.room.occupants]).toEqual(['s2']);
    expect(isRoom(after) && after.path).toEqual(roomPathOf('b001-101'));
  });
});
