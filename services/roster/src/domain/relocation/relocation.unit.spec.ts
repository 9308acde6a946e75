import type { RoomsRelocated } from '@bulwark/contracts';
import { eventsFor, eventsOf } from '../decision';
import { expectContractConformance } from '../test-support/contract-check';
import {
  bedAllocated,
  event,
  given,
  givenRoom,
  rejectionOf,
  residentialLine,
  roomCreated,
  roomPathOf,
} from '../test-support/given';
import { evolveUnit } from '../unit/evolve';
import { initialUnitState, isRoom, type UnitState } from '../unit/state';
import type { RelocateRooms } from './commands';
import { decideRelocate, roomsInvolved, studentsMoved } from './decide';
import { evolveRelocation } from './evolve';

const fresh = given.relocation('reloc-1');
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
const occupantsAfter = (room: UnitState, events: ReturnType<typeof eventsOf>) => {
  const after = events.reduce(evolveUnit, room);
  return isRoom(after)
    ? { occupants: [...after.room.occupants], reservedFor: after.room.reservedFor }
    : null;
};

describe('relocating rooms', () => {
  it('moves every occupant, reserves the emptied source, and records it all', () => {
    // given room A with two students and an empty room B
    const a = givenRoom('b001-101', 4, ['s1', 's2']);
    const b = givenRoom('b001-102', 4);
    // when
    const decision = decideRelocate(
      relocate([{ fromRoomCode: 'b001-101', toRoomCode: 'b001-102' }]),
      {
        relocation: fresh,
        rooms: roomsOf(a, b),
      },
    );
    // then
    expect(eventsFor(decision, 'relocation-reloc-1')).toEqual([
      event('RoomsRelocated', {
        relocationId: 'reloc-1',
        reason: 'free rooms for the isolation reserve',
        moves: [{ fromRoomCode: 'b001-101', toRoomCode: 'b001-102', studentNumbers: ['s1', 's2'] }],
        freedFor: 'isolation-reserve',
      }),
    ]);
    expect(eventsFor(decision, 'unit-b001-101')).toEqual([
      event('BedFreed', { roomCode: 'b001-101', studentNumber: 's1' }),
      event('BedFreed', { roomCode: 'b001-101', studentNumber: 's2' }),
      event('RoomReserved', {
        roomCode: 'b001-101',
        purpose: 'isolation-reserve',
        relocationId: 'reloc-1',
      }),
    ]);
    expect(eventsFor(decision, 'unit-b001-102')).toEqual([
      bedAllocated('b001-102', 's1'),
      bedAllocated('b001-102', 's2'),
    ]);
    expect(eventsFor(decision, 'student-s2')).toEqual([
      event('StudentAssignedToRoom', {
        studentNumber: 's2',
        roomCode: 'b001-102',
        roomPath: roomPathOf('b001-102'),
        previousRoomCode: 'b001-101',
        relocationId: 'reloc-1',
      }),
    ]);
    expect(decision.map((d) => d.streamId)).toEqual([
      'relocation-reloc-1',
      'student-s1',
      'student-s2',
      'unit-b001-101',
      'unit-b001-102',
    ]);
    expectContractConformance(eventsOf(decision));
    expect(occupantsAfter(a, eventsFor(decision, 'unit-b001-101'))).toEqual({
      occupants: [],
      reservedFor: 'isolation-reserve',
    });
  });

  it('follows a chain A->B, B->C: B keeps its beds for A while its own people go on to C', () => {
    const a = givenRoom('ra', 2, ['a1', 'a2']);
    const b = givenRoom('rb', 2, ['b1', 'b2']);
    const c = givenRoom('rc', 4, ['c1', 'c2']);
    const decision = decideRelocate(
      relocate([
        { fromRoomCode: 'ra', toRoomCode: 'rb' },
        { fromRoomCode: 'rb', toRoomCode: 'rc' },
      ]),
      { relocation: fresh, rooms: roomsOf(a, b, c) },
    );
    // B frees its own beds before taking A's, so B never holds more than 2 mid-stream.
    expect(eventsFor(decision, 'unit-rb').map((e) => e.type)).toEqual([
      'BedFreed',
      'BedFreed',
      'BedAllocated',
      'BedAllocated',
    ]);
    expect(occupantsAfter(a, eventsFor(decision, 'unit-ra'))).toEqual({
      occupants: [],
      reservedFor: 'isolation-reserve',
    });
    expect(occupantsAfter(b, eventsFor(decision, 'unit-rb'))).toEqual({
      occupants: ['a1', 'a2'],
      reservedFor: null,
    });
    expect(occupantsAfter(c, eventsFor(decision, 'unit-rc'))).toEqual({
      occupants: ['c1', 'c2', 'b1', 'b2'],
      reservedFor: null,
    });
    expectContractConformance(eventsOf(decision));
  });

  it('swaps two rooms', () => {
    const a = givenRoom('ra', 2, ['a1', 'a2']);
    const b = givenRoom('rb', 2, ['b1']);
    const decision = decideRelocate(
      relocate([
        { fromRoomCode: 'ra', toRoomCode: 'rb' },
        { fromRoomCode: 'rb', toRoomCode: 'ra' },
      ]),
      { relocation: fresh, rooms: roomsOf(a, b) },
    );
    expect(occupantsAfter(a, eventsFor(decision, 'unit-ra'))?.occupants).toEqual(['b1']);
    expect(occupantsAfter(b, eventsFor(decision, 'unit-rb'))?.occupants).toEqual(['a1', 'a2']);
    expect(eventsOf(decision).some((e) => e.type === 'RoomReserved')).toBe(false);
  });

  it('is all or nothing: one overfull target refuses the whole relocation, naming it', () => {
    const rooms = roomsOf(
      givenRoom('ra', 4, ['a1', 'a2', 'a3']),
      givenRoom('rb', 4, ['b1', 'b2']),
      givenRoom('rc', 4, ['c1']),
      givenRoom('rd', 4),
    );
    const rejection = rejectionOf(() =>
      decideRelocate(
        relocate([
          { fromRoomCode: 'ra', toRoomCode: 'rb' }, // 2 stay + 3 in = 5 > 4
          { fromRoomCode: 'rc', toRoomCode: 'rd' }, // fine
        ]),
        { relocation: fresh, rooms },
      ),
    );
    expect(rejection).toMatchObject({
      kind: 'conflict',
      field: 'moves',
      details: { overfull: [{ roomCode: 'rb', occupancy: 5, capacity: 4 }] },
    });
  });

  it('lists every overfull target, counting all moves into it', () => {
    const rooms = roomsOf(
      givenRoom('ra', 4, ['a1', 'a2', 'a3']),
      givenRoom('rb', 4, ['b1', 'b2', 'b3']),
      givenRoom('rc', 4, ['c1']),
      givenRoom('rd', 2, ['d1']),
      givenRoom('re', 4, ['e1', 'e2']),
    );
    const rejection = rejectionOf(() =>
      decideRelocate(
        relocate([
          { fromRoomCode: 'ra', toRoomCode: 'rc' }, // rc: 1 + 3 + 3 = 7
          { fromRoomCode: 'rb', toRoomCode: 'rc' },
          { fromRoomCode: 're', toRoomCode: 'rd' }, // rd: 1 + 2 = 3 > 2
        ]),
        { relocation: fresh, rooms },
      ),
    );
    expect(rejection.details).toEqual({
      overfull: [
        { roomCode: 'rc', occupancy: 7, capacity: 4 },
        { roomCode: 'rd', occupancy: 3, capacity: 2 },
      ],
    });
  });

  it('refuses rooms that do not exist (400: the body names them), listing them all', () => {
    const rejection = rejectionOf(() =>
      decideRelocate(
        relocate([
          { fromRoomCode: 'ra', toRoomCode: 'rx' },
          { fromRoomCode: 'ry', toRoomCode: 'rb' },
        ]),
        {
          relocation: fresh,
          rooms: roomsOf(givenRoom('ra', 4), givenRoom('rb', 4), initialUnitState('rx')),
        },
      ),
    );
    expect(rejection).toMatchObject({ kind: 'invalid', field: 'moves' });
    expect(
      (rejection.details?.['problems'] as { roomCode: string }[]).map((p) => p.roomCode),
    ).toEqual(['rx', 'ry']);
  });

  it('refuses a unit that is not a room, a source named twice, a room moved into itself (400)', () => {
    const floor = given.unit('b001-f1', residentialLine.floor);
    expect(
      rejectionOf(() =>
        decideRelocate(relocate([{ fromRoomCode: 'ra', toRoomCode: 'b001-f1' }]), {
          relocation: fresh,
          rooms: roomsOf(givenRoom('ra', 4), floor),
        }),
      ),
    ).toMatchObject({ kind: 'invalid', field: 'moves[0].toRoomCode' });
    expect(
      rejectionOf(() =>
        decideRelocate(
          relocate([
            { fromRoomCode: 'ra', toRoomCode: 'rb' },
            { fromRoomCode: 'ra', toRoomCode: 'rc' },
          ]),
          {
            relocation: fresh,
            rooms: roomsOf(givenRoom('ra', 4), givenRoom('rb', 4), givenRoom('rc', 4)),
          },
        ),
      ),
    ).toMatchObject({ kind: 'invalid', field: 'moves[1].fromRoomCode' });
    expect(
      rejectionOf(() =>
        decideRelocate(relocate([{ fromRoomCode: 'ra', toRoomCode: 'ra' }]), {
          relocation: fresh,
          rooms: roomsOf(givenRoom('ra', 4)),
        }),
      ),
    ).toMatchObject({ kind: 'invalid', field: 'moves[0].toRoomCode' });
    expect(
      rejectionOf(() => decideRelocate(relocate([]), { relocation: fresh, rooms: new Map() })),
    ).toMatchObject({
      kind: 'invalid',
      field: 'moves',
    });
  });

  it('refuses to move anyone into a reserved room (409)', () => {
    const reserved = given.unit(
      'rb',
      roomCreated('rb', 4),
      event('RoomReserved', { roomCode: 'rb', purpose: 'logistics-staff', relocationId: null }),
    );
    expect(
      rejectionOf(() =>
        decideRelocate(relocate([{ fromRoomCode: 'ra', toRoomCode: 'rb' }]), {
          relocation: fresh,
          rooms: roomsOf(givenRoom('ra', 4, ['a1']), reserved),
        }),
      ),
    ).toMatchObject({ kind: 'conflict', field: 'moves[0].toRoomCode' });
  });

  it('refuses a relocation id used before (409)', () => {
    const done = given.relocation(
      'reloc-1',
      event('RoomsRelocated', {
        relocationId: 'reloc-1',
        reason: 'x',
        moves: [{ fromRoomCode: 'ra', toRoomCode: 'rb', studentNumbers: [] }],
        freedFor: 'other',
      }),
    );
    expect(done.status).toBe('completed');
    expect(
      rejectionOf(() =>
        decideRelocate(relocate([{ fromRoomCode: 'ra', toRoomCode: 'rb' }]), {
          relocation: done,
          rooms: roomsOf(givenRoom('ra', 4), givenRoom('rb', 4)),
        }),
      ),
    ).toMatchObject({ kind: 'conflict', field: 'relocationId' });
  });

  it('moves 250 rooms of 4 in one decision', () => {
    // given 250 full rooms and 250 empty ones; when all move at once
    const rooms = new Map<string, UnitState>();
    const moves: RelocateRooms['moves'] = [];
    for (let i = 0; i < 250; i += 1) {
      const from = `src-${i}`;
      const to = `dst-${i}`;
      rooms.set(
        from,
        givenRoom(
          from,
          4,
          [0, 1, 2, 3].map((k) => `s${i}-${k}`),
        ),
      );
      rooms.set(to, givenRoom(to, 4));
      moves.push({ fromRoomCode: from, toRoomCode: to });
    }
    const command = relocate(moves, 'logistics-staff');
    expect(roomsInvolved(command)).toHaveLength(500);
    expect(studentsMoved(command, rooms)).toHaveLength(1000);
    const decision = decideRelocate(command, { relocation: fresh, rooms });
    // then: one relocation, 500 rooms, 1000 students, each stream once
    expect(decision).toHaveLength(1 + 500 + 1000);
    const events = eventsOf(decision);
    expect(events.filter((e) => e.type === 'StudentAssignedToRoom')).toHaveLength(1000);
    expect(events.filter((e) => e.type === 'RoomReserved')).toHaveLength(250);
    const relocated = eventsFor(decision, 'relocation-reloc-1').reduce(evolveRelocation, fresh);
    expect(relocated.status === 'completed' && relocated.moves).toHaveLength(250);
    expect(
      (eventsFor(decision, 'relocation-reloc-1')[0].data as RoomsRelocated).moves[249]
        .studentNumbers,
    ).toEqual(['s249-0', 's249-1', 's249-2', 's249-3']);
    expectContractConformance(events);
  });
});
