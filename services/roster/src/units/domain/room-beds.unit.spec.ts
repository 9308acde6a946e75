import { given } from '@bulwark/decider';
import {
  bedAllocated,
  event,
  residentialLine,
  roomCreated,
  roomHistory,
  roomPathOf,
} from '../../test-support/roster-fixtures';
import { evolveUnit } from './evolve-unit';
import { decideAllocateBed, decideFreeBed } from './room-beds';
import { initialUnitState, isRoom } from './unit-state';

/** Stream `unit-<roomCode>` of a room with these occupants. */
const room = (roomCode: string, capacity: number, occupants: string[] = []) =>
  given(initialUnitState(roomCode), evolveUnit, roomHistory(roomCode, capacity, occupants));

describe('room occupancy', () => {
  it('allocates a free bed', () => {
    room('b001-101', 4, ['s1'])
      .when((unit) => decideAllocateBed(unit, 's2'))
      .then([bedAllocated('b001-101', 's2')]);
  });

  it('refuses a full room with its occupancy (409 roomCode)', () => {
    const rejection = room('b001-101', 2, ['s1', 's2'])
      .when((unit) => decideAllocateBed(unit, 's3'))
      .thenRejects('conflict', 'roomCode');
    expect(rejection).toMatchObject({
      message: 'room b001-101 is full (2/2)',
      details: { roomCode: 'b001-101', occupancy: 2, capacity: 2, occupants: ['s1', 's2'] },
    });
  });

  it('refuses a reserved room (409)', () => {
    const rejection = given(initialUnitState('b001-101'), evolveUnit, [
      roomCreated('b001-101', 4),
      event('RoomReserved', {
        roomCode: 'b001-101',
        purpose: 'isolation-reserve',
        relocationId: 'r1',
      }),
    ])
      .when((unit) => decideAllocateBed(unit, 's1'))
      .thenRejects('conflict', 'roomCode');
    expect(rejection.details).toMatchObject({ reservedFor: 'isolation-reserve' });
  });

  it('refuses what is not a room', () => {
    given(initialUnitState('b001-999'), evolveUnit)
      .when((unit) => decideAllocateBed(unit, 's1'))
      .thenRejects('invalid');
    given(initialUnitState('b001-f1'), evolveUnit, [residentialLine.floor])
      .when((unit) => decideAllocateBed(unit, 's1'))
      .thenRejects('invalid', 'roomCode');
  });

  it('is idempotent: an occupant is allocated nothing, a non-occupant freed nothing', () => {
    const occupied = () => room('b001-101', 4, ['s1']);
    occupied()
      .when((unit) => decideAllocateBed(unit, 's1'))
      .then([]);
    occupied()
      .when((unit) => decideFreeBed(unit, 's9'))
      .then([]);
    occupied()
      .when((unit) => decideFreeBed(unit, 's1'))
      .then([event('BedFreed', { roomCode: 'b001-101', studentNumber: 's1' })]);
  });

  it('folds beds in and out without touching earlier states', () => {
    const before = room('b001-101', 4, ['s1', 's2']).state;
    const after = evolveUnit(
      before,
      event('BedFreed', { roomCode: 'b001-101', studentNumber: 's1' }),
    );
    expect(isRoom(before) && [...before.room.occupants]).toEqual(['s1', 's2']);
    expect(isRoom(after) && [...after.room.occupants]).toEqual(['s2']);
    expect(isRoom(after) && after.path).toEqual(roomPathOf('b001-101'));
  });
});
