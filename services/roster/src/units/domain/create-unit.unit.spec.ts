import { given } from '@bulwark/decider';
import { expectContractConformance } from '../../test-support/contract-check';
import {
  academicLine,
  residentialLine,
  roomCreated,
  unitAfter,
} from '../../test-support/roster-fixtures';
import { decideCreateUnit, type CreateUnit } from './create-unit';
import { evolveUnit } from './evolve-unit';
import { initialUnitState, isRoom } from './unit-state';

/** Stream `unit-<code>` with no events yet. */
const noUnit = (code: string) => given(initialUnitState(code), evolveUnit);

describe('creating units', () => {
  it('creates the university at the top of the academic line', () => {
    const events = noUnit('uni')
      .when((unit) =>
        decideCreateUnit(
          { code: 'uni', name: 'University', level: 'university', parentCode: null },
          { unit },
        ),
      )
      .then([academicLine.university]);
    expectContractConformance(events);
  });

  it('creates a class under its grade, with the path from the university', () => {
    const parent = unitAfter('sem-2020', academicLine.grade);
    noUnit('sem-2020-ug-01')
      .when((unit) =>
        decideCreateUnit(
          {
            code: 'sem-2020-ug-01',
            name: ' 2020级本科1班 ',
            level: 'class',
            parentCode: 'sem-2020',
          },
          { unit, parent },
        ),
      )
      .then([academicLine.class]);
  });

  it('creates a room with beds under its floor', () => {
    const parent = unitAfter('b001-f1', residentialLine.floor);
    const events = noUnit('b001-101')
      .when((unit) =>
        decideCreateUnit(
          {
            code: 'b001-101',
            name: 'Room b001-101',
            level: 'room',
            parentCode: 'b001-f1',
            bedCapacity: 4,
          },
          { unit, parent },
        ),
      )
      .then([roomCreated('b001-101', 4)]);
    expectContractConformance(events);
    const room = given(initialUnitState('b001-101'), evolveUnit, events).state;
    expect(isRoom(room) && room.room).toEqual({
      capacity: 4,
      occupants: new Set(),
      reservedFor: null,
      reservedBy: null,
    });
  });

  it.each<[string, CreateUnit, 'invalid', string]>([
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
    const parents = new Map([
      ['uni', unitAfter('uni', academicLine.university)],
      ['b001', unitAfter('b001', residentialLine.building)],
      ['b001-f1', unitAfter('b001-f1', residentialLine.floor)],
    ]);
    const parent = command.parentCode === null ? undefined : parents.get(command.parentCode);
    noUnit(command.code)
      .when((unit) => decideCreateUnit(command, { unit, parent }))
      .thenRejects(kind, field);
  });

  it('refuses a parent that does not exist (400: the body names it)', () => {
    noUnit('sem')
      .when((unit) =>
        decideCreateUnit(
          { code: 'sem', name: 'SEM', level: 'college', parentCode: 'uni' },
          { unit, parent: initialUnitState('uni') },
        ),
      )
      .thenRejects('invalid', 'parentCode');
  });

  it('refuses a parent two levels up or on the other line', () => {
    const university = unitAfter('uni', academicLine.university);
    const twoUp = noUnit('sem-2020')
      .when((unit) =>
        decideCreateUnit(
          { code: 'sem-2020', name: '2020', level: 'grade', parentCode: 'uni' },
          { unit, parent: university },
        ),
      )
      .thenRejects('invalid', 'parentCode');
    expect(twoUp.details).toMatchObject({ expectedLevel: 'college' });
    const floor = unitAfter('b001-f1', residentialLine.floor);
    noUnit('c1')
      .when((unit) =>
        decideCreateUnit(
          { code: 'c1', name: 'Class', level: 'class', parentCode: 'b001-f1' },
          { unit, parent: floor },
        ),
      )
      .thenRejects('invalid', 'parentCode');
  });

  it('refuses a code already taken, on either line (409)', () => {
    given(initialUnitState('sem'), evolveUnit, [academicLine.college])
      .when((unit) =>
        decideCreateUnit(
          { code: 'sem', name: 'Community', level: 'community', parentCode: 'main' },
          { unit, parent: unitAfter('main', residentialLine.campus) },
        ),
      )
      .thenRejects('conflict', 'code');
  });
});
