import type { RoomsRelocated } from '@bulwark/contracts';
import { eventsFor, eventsOf, given } from '@bulwark/decider';
import { expectContractConformance } from '../../test-support/contract-check';
import {
  event,
  residentialLine,
  roomCreated,
  roomWith,
  unitAfter,
} from '../../test-support/roster-fixtures';
import { initialUnitState, type UnitState } from '../../units/domain/unit-state';
import { evolveRelocation } from './evolve-relocation';
import { decideRelocate, roomsInvolved, studentsMoved, type RelocateRooms } from './relocate-rooms';
import { initialRelocationState } from './relocation-state';

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

describe('refusing a relocation, all or nothing', () => {
  it('is all or nothing: one overfull target refuses the whole relocation, naming it', () => {
    const rooms = roomsOf(
      roomWith('ra', 4, ['a1', 'a2', 'a3']),
      roomWith('rb', 4, ['b1', 'b2']),
      roomWith('rc', 4, ['c1']),
      roomWith('rd', 4),
    );
    const rejection = notRelocated()
      .when((relocation) =>
        eventsOf(
          decideRelocate(
            relocate([
              { fromRoomCode: 'ra', toRoomCode: 'rb' }, // 2 stay + 3 in = 5 > 4
              { fromRoomCode: 'rc', toRoomCode: 'rd' }, // fine
            ]),
            { relocation, rooms },
          ),
        ),
      )
      .thenRejects('conflict', 'moves');
    expect(rejection.details).toMatchObject({
      overfull: [{ roomCode: 'rb', occupancy: 5, capacity: 4 }],
    });
  });

  it('lists every overfull target, counting all moves into it', () => {
    const rooms = roomsOf(
      roomWith('ra', 4, ['a1', 'a2', 'a3']),
      roomWith('rb', 4, ['b1', 'b2', 'b3']),
      roomWith('rc', 4, ['c1']),
      roomWith('rd', 2, ['d1']),
      roomWith('re', 4, ['e1', 'e2']),
    );
    const rejection = notRelocated()
      .when((relocation) =>
        eventsOf(
          decideRelocate(
            relocate([
              { fromRoomCode: 'ra', toRoomCode: 'rc' }, // rc: 1 + 3 + 3 = 7
              { fromRoomCode: 'rb', toRoomCode: 'rc' },
              { fromRoomCode: 're', toRoomCode: 'rd' }, // rd: 1 + 2 = 3 > 2
            ]),
            { relocation, rooms },
          ),
        ),
      )
      .thenRejects('conflict', 'moves');
    expect(rejection.details).toEqual({
      overfull: [
        { roomCode: 'rc', occupancy: 7, capacity: 4 },
        { roomCode: 'rd', occupancy: 3, capacity: 2 },
      ],
    });
  });

  it('refuses rooms that do not exist (400: the body names them), listing them all', () => {
    const rejection = notRelocated()
      .when((relocation) =>
        eventsOf(
          decideRelocate(
            relocate([
              { fromRoomCode: 'ra', toRoomCode: 'rx' },
              { fromRoomCode: 'ry', toRoomCode: 'rb' },
            ]),
            {
              relocation,
              rooms: roomsOf(roomWith('ra', 4), roomWith('rb', 4), initialUnitState('rx')),
            },
          ),
        ),
      )
      .thenRejects('invalid', 'moves');
    const problems = rejection.details?.['problems'] as { roomCode: string }[];
    expect(problems.map((p) => p.roomCode)).toEqual(['rx', 'ry']);
  });

  it('refuses a unit that is not a room, a source named twice, a room moved into itself (400)', () => {
    const floor = unitAfter('b001-f1', residentialLine.floor);
    notRelocated()
      .when((relocation) =>
        eventsOf(
          decideRelocate(relocate([{ fromRoomCode: 'ra', toRoomCode: 'b001-f1' }]), {
            relocation,
            rooms: roomsOf(roomWith('ra', 4), floor),
          }),
        ),
      )
      .thenRejects('invalid', 'moves[0].toRoomCode');
    notRelocated()
      .when((relocation) =>
        eventsOf(
          decideRelocate(
            relocate([
              { fromRoomCode: 'ra', toRoomCode: 'rb' },
              { fromRoomCode: 'ra', toRoomCode: 'rc' },
            ]),
            {
              relocation,
              rooms: roomsOf(roomWith('ra', 4), roomWith('rb', 4), roomWith('rc', 4)),
            },
          ),
        ),
      )
      .thenRejects('invalid', 'moves[1].fromRoomCode');
    notRelocated()
      .when((relocation) =>
        eventsOf(
          decideRelocate(relocate([{ fromRoomCode: 'ra', toRoomCode: 'ra' }]), {
            relocation,
            rooms: roomsOf(roomWith('ra', 4)),
          }),
        ),
      )
      .thenRejects('invalid', 'moves[0].toRoomCode');
    notRelocated()
      .when((relocation) =>
        eventsOf(decideRelocate(relocate([]), { relocation, rooms: new Map() })),
      )
      .thenRejects('invalid', 'moves');
  });

  it('refuses to move anyone into a reserved room (409)', () => {
    const reserved = unitAfter(
      'rb',
      roomCreated('rb', 4),
      event('RoomReserved', { roomCode: 'rb', purpose: 'logistics-staff', relocationId: null }),
    );
    notRelocated()
      .when((relocation) =>
        eventsOf(
          decideRelocate(relocate([{ fromRoomCode: 'ra', toRoomCode: 'rb' }]), {
            relocation,
            rooms: roomsOf(roomWith('ra', 4, ['a1']), reserved),
          }),
        ),
      )
      .thenRejects('conflict', 'moves[0].toRoomCode');
  });

  it('refuses a relocation id used before (409)', () => {
    const done = given(initialRelocationState('reloc-1'), evolveRelocation, [
      event('RoomsRelocated', {
        relocationId: 'reloc-1',
        reason: 'x',
        moves: [{ fromRoomCode: 'ra', toRoomCode: 'rb', studentNumbers: [] }],
        freedFor: 'other',
      }),
    ]);
    expect(done.state.status).toBe('completed');
    done
      .when((relocation) =>
        eventsOf(
          decideRelocate(relocate([{ fromRoomCode: 'ra', toRoomCode: 'rb' }]), {
            relocation,
            rooms: roomsOf(roomWith('ra', 4), roomWith('rb', 4)),
          }),
        ),
      )
      .thenRejects('conflict', 'relocationId');
  });
});

describe('relocating at the scale of a lockdown', () => {
  it('moves 250 rooms of 4 in one decision', () => {
    // given 250 full rooms and 250 empty ones; when all move at once
    const rooms = new Map<string, UnitState>();
    const moves: RelocateRooms['moves'] = [];
    for (let i = 0; i < 250; i += 1) {
      const from = `src-${i}`;
      const to = `dst-${i}`;
      rooms.set(
        from,
        roomWith(
          from,
          4,
          [0, 1, 2, 3].map((k) => `s${i}-${k}`),
        ),
      );
      rooms.set(to, roomWith(to, 4));
      moves.push({ fromRoomCode: from, toRoomCode: to });
    }
    const command = relocate(moves, 'logistics-staff');
    expect(roomsInvolved(command)).toHaveLength(500);
    expect(studentsMoved(command, rooms)).toHaveLength(1000);
    const fresh = notRelocated().state;
    const decision = decideRelocate(command, { relocation: fresh, rooms });
    // then: one relocation, 500 rooms, 1000 students, each stream once
    expect(decision).toHaveLength(1 + 500 + 1000);
    const events = eventsOf(decision);
    expect(events.filter((e) => e.type === 'StudentAssignedToRoom')).toHaveLength(1000);
    expect(events.filter((e) => e.type === 'RoomReserved')).toHaveLength(250);
    const recorded = eventsFor(decision, 'relocation-reloc-1');
    const relocated = recorded.reduce(evolveRelocation, fresh);
    expect(relocated.status === 'completed' && relocated.moves).toHaveLength(250);
    const [relocatedEvent] = recorded;
    expect((relocatedEvent?.data as RoomsRelocated).moves[249]?.studentNumbers).toEqual([
      's249-0',
      's249-1',
      's249-2',
      's249-3',
    ]);
    expectContractConformance(events);
  });
});
