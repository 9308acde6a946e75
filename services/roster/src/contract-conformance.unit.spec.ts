import { rosterEventVersions, rosterStreamId, type RosterEventType } from '@bulwark/contracts';
import { decideRelocate, roomsInvolved } from './relocations/domain/relocate-rooms';
import { decideRecordDietaryNeed } from './students/domain/dietary-need';
import { decideLeaveCampus, decideReturnToCampus } from './students/domain/leave-and-return';
import { decideAssignToRoom } from './students/domain/move-room';
import { roomCodeOf } from './students/domain/student-state';
import { contractViolations } from './test-support/contract-check';
import { RosterWorld } from './test-support/roster-world';
import { sampleCollege } from './test-support/sample-roster';
import { decideAssignStaff } from './units/domain/assign-staff';
import { decideUnassignStaff } from './units/domain/unassign-staff';
import { isRoom } from './units/domain/unit-state';

/**
 * Every event the deciders produce must validate against its published schema: subscribers
 * in other departments rely on the schema, not on this code. One scenario touches every type.
 */
describe('events the roster decides conform to their contracts', () => {
  it('covers every roster event type, each valid against its JSON schema', () => {
    const world = new RosterWorld();
    const { units } = sampleCollege();
    world.createUnits(units);
    const classCode = units.find((u) => u.level === 'class')?.code;
    const rooms = units.filter((u) => u.level === 'room').map((u) => u.code);
    const [roomA, roomB] = rooms;
    const extraRoom = rooms.at(-1);
    if (!classCode || !roomA || !roomB || !extraRoom) {
      throw new Error('the sample college has a class and at least two rooms');
    }

    world.append(
      rosterStreamId.unit('sem'),
      decideAssignStaff(
        { unitCode: 'sem', staffId: 'T-1024', staffName: '王书记', role: 'party-secretary' },
        world.unit('sem'),
      ),
    );
    // A new party secretary: the previous one is unassigned (replacedBy), then removed too.
    world.append(
      rosterStreamId.unit('sem'),
      decideAssignStaff(
        { unitCode: 'sem', staffId: 'T-2048', staffName: '李书记', role: 'party-secretary' },
        world.unit('sem'),
      ),
    );
    world.append(
      rosterStreamId.unit('sem'),
      decideUnassignStaff({ unitCode: 'sem', staffId: 'T-2048' }, world.unit('sem')),
    );
    const base = {
      name: '马丽',
      studentType: 'master',
      classCode,
      gender: 'female',
      ethnicity: 'Hui',
      halal: true,
      phone: '+86 138 0000 0001',
    } as const;
    world.enrol({
      ...base,
      studentNumber: 'S1',
      residence: { kind: 'on-campus', roomCode: roomA },
    });
    world.enrol({
      ...base,
      studentNumber: 'S2',
      residence: { kind: 'on-campus', roomCode: roomA },
    });
    world.enrol({
      ...base,
      studentNumber: 'S3',
      residence: { kind: 'off-campus', province: 'Hubei', city: 'Wuhan', riskArea: true },
    });

    world.apply(
      decideAssignToRoom(
        { studentNumber: 'S2', roomCode: roomB },
        {
          student: world.student('S2'),
          currentRoom: world.unit(roomA),
          targetRoom: world.unit(roomB),
        },
      ),
    );
    world.apply(
      decideLeaveCampus(
        { studentNumber: 'S1', province: 'Ningxia', city: 'Yinchuan', riskArea: false },
        { student: world.student('S1'), currentRoom: world.unit(roomA) },
      ),
    );
    world.apply(
      decideReturnToCampus(
        { studentNumber: 'S3', roomCode: roomA },
        { student: world.student('S3'), room: world.unit(roomA) },
      ),
    );
    world.append(
      rosterStreamId.student('S3'),
      decideRecordDietaryNeed({ studentNumber: 'S3', halal: false }, world.student('S3')),
    );

    const command = {
      relocationId: 'reloc-2022-01',
      reason: '腾出房间作隔离储备 (free rooms for the isolation reserve)',
      moves: [{ fromRoomCode: roomA, toRoomCode: extraRoom }],
      freedFor: 'isolation-reserve' as const,
    };
    const roomStates = new Map(roomsInvolved(command).map((code) => [code, world.unit(code)]));
    world.apply(
      decideRelocate(command, {
        relocation: world.relocation(command.relocationId),
        rooms: roomStates,
      }),
    );

    const events = world.allEvents();
    const seen = new Set(events.map((e) => e.type));
    expect([...seen].sort()).toEqual(
      (Object.keys(rosterEventVersions) as RosterEventType[]).sort(),
    );
    expect(events.flatMap(contractViolations)).toEqual([]);

    // and the world adds up: S3 followed its room, the emptied room is held in reserve
    expect(roomCodeOf(world.student('S3'))).toBe(extraRoom);
    const emptied = world.unit(roomA);
    expect(isRoom(emptied) && emptied.room.reservedFor).toBe('isolation-reserve');
  });
});
