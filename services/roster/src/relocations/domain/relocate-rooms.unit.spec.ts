import { eventsFor, eventsOf, given } from '@bulwark/decider';
import type { RosterNewEvent } from '../../roster-events';
import { expectContractConformance } from '../../test-support/contract-check';
import {
  bedAllocated,
  event,
  roomPathOf,
  roomWith,
  streamsOf,
} from '../../test-support/roster-fixtures';
import { evolveUnit } from '../../units/domain/evolve-unit';
import { isRoom, type UnitState } from '../../units/domain/unit-state';
import { evolveRelocation } from './evolve-relocation';
import { decideRelocate, type RelocateRooms } from './relocate-rooms';
import { initialRelocationState, type RelocationState } from './relocation-state';

/** Stream `relocation-reloc-1` before the relocation. */
const notRelocated = () => given(initialRelocationState('reloc-1'), evolveRelocation);
const roomsOf = (...rooms: UnitState[]) => new Map(rooms.map((room) => [room.code, room]));
const relocate = (
  moves: RelocateRooms['moves'],
  freedFor: RelocateRooms['freedFor'] = 'isolation-reserve',
): RelocateRooms => ({
  relocationId: 'reloc-1',
  reason: 'free rooms for the isolation reserve',
  moves,
  freedFor,
});
const occupantsAfter = (room: UnitState, events: RosterNewEvent[]) => {
  const after = events.reduce(evolveUnit, room);
  return isRoom(after)
    ? { occupants: [...after.room.occupants], reservedFor: after.room.reservedFor }
    : null;
};

describe('relocating rooms', () => {
  it('moves every occupant, reserves the emptied source, and records it all', () => {
    // given room A with two students and an empty room B
    const a = roomWith('b001-101', 4, ['s1', 's2']);
    const b = roomWith('b001-102', 4);
    const decide = (relocation: RelocationState) =>
      decideRelocate(relocate([{ fromRoomCode: 'b001-101', toRoomCode: 'b001-102' }]), {
        relocation,
        rooms: roomsOf(a, b),
      });
    // when / then, stream by stream
    notRelocated()
      .when((relocation) => eventsFor(decide(relocation), 'relocation-reloc-1'))
      .then([
        event('RoomsRelocated', {
          relocationId: 'reloc-1',
          reason: 'free rooms for the isolation reserve',
          moves: [
            { fromRoomCode: 'b001-101', toRoomCode: 'b001-102', studentNumbers: ['s1', 's2'] },
          ],
          freedFor: 'isolation-reserve',
        }),
      ]);
    const freed = notRelocated()
      .when((relocation) => eventsFor(decide(relocation), 'unit-b001-101'))
      .then([
        event('BedFreed', { roomCode: 'b001-101', studentNumber: 's1' }),
        event('BedFreed', { roomCode: 'b001-101', studentNumber: 's2' }),
        event('RoomReserved', {
          roomCode: 'b001-101',
          purpose: 'isolation-reserve',
          relocationId: 'reloc-1',
        }),
      ]);
    notRelocated()
      .when((relocation) => eventsFor(decide(relocation), 'unit-b001-102'))
      .then([bedAllocated('b001-102', 's1'), bedAllocated('b001-102', 's2')]);
    notRelocated()
      .when((relocation) => eventsFor(decide(relocation), 'student-s2'))
      .then([
        event('StudentAssignedToRoom', {
          studentNumber: 's2',
          roomCode: 'b001-102',
          roomPath: roomPathOf('b001-102'),
          previousRoomCode: 'b001-101',
          relocationId: 'reloc-1',
        }),
      ]);
    const decision = decide(notRelocated().state);
    expect(streamsOf(decision)).toEqual([
      'relocation-reloc-1',
      'student-s1',
      'student-s2',
      'unit-b001-101',
      'unit-b001-102',
    ]);
    expectContractConformance(eventsOf(decision));
    expect(occupantsAfter(a, freed)).toEqual({ occupants: [], reservedFor: 'isolation-reserve' });
  });

  it('follows a chain A->B, B->C: B keeps its beds for A while its own people go on to C', () => {
    const a = roomWith('ra', 2, ['a1', 'a2']);
    const b = roomWith('rb', 2, ['b1', 'b2']);
    const c = roomWith('rc', 4, ['c1', 'c2']);
    const decide = (relocation: RelocationState) =>
      decideRelocate(
        relocate([
          { fromRoomCode: 'ra', toRoomCode: 'rb' },
          { fromRoomCode: 'rb', toRoomCode: 'rc' },
        ]),
        { relocation, rooms: roomsOf(a, b, c) },
      );
    // B frees its own beds before taking A's, so B never holds more than 2 mid-stream.
    const intoB = notRelocated()
      .when((relocation) => eventsFor(decide(relocation), 'unit-rb'))
      .then([
        event('BedFreed', { roomCode: 'rb', studentNumber: 'b1' }),
        event('BedFreed', { roomCode: 'rb', studentNumber: 'b2' }),
        bedAllocated('rb', 'a1'),
        bedAllocated('rb', 'a2'),
      ]);
    const decision = decide(notRelocated().state);
    expect(occupantsAfter(a, eventsFor(decision, 'unit-ra'))).toEqual({
      occupants: [],
      reservedFor: 'isolation-reserve',
    });
    expect(occupantsAfter(b, intoB)).toEqual({ occupants: ['a1', 'a2'], reservedFor: null });
    expect(occupantsAfter(c, eventsFor(decision, 'unit-rc'))).toEqual({
      occupants: ['c1', 'c2', 'b1', 'b2'],
      reservedFor: null,
    });
    expectContractConformance(eventsOf(decision));
  });

  it('swaps two rooms', () => {
    const a = roomWith('ra', 2, ['a1', 'a2']);
    const b = roomWith('rb', 2, ['b1']);
    const decide = (relocation: RelocationState) =>
      decideRelocate(
        relocate([
          { fromRoomCode: 'ra', toRoomCode: 'rb' },
          { fromRoomCode: 'rb', toRoomCode: 'ra' },
        ]),
        { relocation, rooms: roomsOf(a, b) },
      );
    const intoA = notRelocated()
      .when((relocation) => eventsFor(decide(relocation), 'unit-ra'))
      .then([
        event('BedFreed', { roomCode: 'ra', studentNumber: 'a1' }),
        event('BedFreed', { roomCode: 'ra', studentNumber: 'a2' }),
        bedAllocated('ra', 'b1'),
      ]);
    const intoB = notRelocated()
      .when((relocation) => eventsFor(decide(relocation), 'unit-rb'))
      .then([
        event('BedFreed', { roomCode: 'rb', studentNumber: 'b1' }),
        bedAllocated('rb', 'a1'),
        bedAllocated('rb', 'a2'),
      ]);
    expect(occupantsAfter(a, intoA)?.occupants).toEqual(['b1']);
    expect(occupantsAfter(b, intoB)?.occupants).toEqual(['a1', 'a2']);
    const events = eventsOf(decide(notRelocated().state));
    expect(events.some((e) => e.type === 'RoomReserved')).toBe(false);
  });
});
