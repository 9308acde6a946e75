import { cloudEventType, dataSchemaFor, subjectFor } from '../subjects';
import { objectSchemas, schemaCheck } from '../test-support/schema-check';
import {
  isRosterEventType,
  rosterEventContract,
  rosterEvents,
  rosterEventVersions,
  rosterStreamId,
  type RosterEvent,
  type RosterEventType,
} from './index';

const valid = schemaCheck(rosterEvents);

const classPath = ['u', 'sem', 'sem-2020', 'sem-ug-2020-01'];
const roomPath = ['main', 'c1', 'c1-b3', 'c1-b3-f2', 'c1-b3-201'];

/** One realistic payload per type: each must validate. */
const samples: RosterEvent[] = [
  {
    type: 'AcademicUnitCreated',
    data: { code: 'u', name: 'University', level: 'university', parentCode: null, path: ['u'] },
  },
  {
    type: 'AcademicUnitCreated',
    data: {
      code: 'sem-ug-2020-01',
      name: '经管2020级1班',
      level: 'class',
      parentCode: 'sem-2020',
      path: classPath,
    },
  },
  {
    type: 'ResidentialUnitCreated',
    data: {
      code: 'c1-b3-201',
      name: 'Room 201',
      level: 'room',
      parentCode: 'c1-b3-f2',
      path: roomPath,
      bedCapacity: 4,
    },
  },
  {
    type: 'ResidentialUnitCreated',
    data: {
      code: 'main',
      name: 'Main campus',
      level: 'campus',
      parentCode: null,
      path: ['main'],
      bedCapacity: null,
    },
  },
  {
    type: 'StaffAssignedToUnit',
    data: { unitCode: 'sem', staffId: 'T-1024', staffName: '王老师', role: 'party-secretary' },
  },
  {
    type: 'StudentEnrolled',
    data: {
      studentNumber: '2020310001',
      name: '马丽',
      studentType: 'undergraduate',
      classCode: 'sem-ug-2020-01',
      classPath,
      gender: 'female',
      ethnicity: 'Hui',
      halal: true,
      phone: '+86 138 0000 0001',
      residence: { kind: 'on-campus', roomCode: 'c1-b3-201', roomPath },
    },
  },
  {
    type: 'StudentEnrolled',
    data: {
      studentNumber: 'MBA-19-007',
      name: 'Li Wei',
      studentType: 'part-time-mba',
      classCode: 'sem-ug-2020-01',
      classPath,
      gender: 'male',
      ethnicity: 'Han',
      halal: false,
      phone: '13800000002',
      residence: { kind: 'off-campus', province: 'Hubei', city: 'Wuhan', riskArea: true },
    },
  },
  {
    type: 'StudentAssignedToRoom',
    data: {
      studentNumber: '2020310001',
      roomCode: 'c1-b3-201',
      roomPath,
      previousRoomCode: 'c1-b3-202',
      relocationId: 'reloc-1',
    },
  },
  {
    type: 'StudentLeftCampus',
    data: {
      studentNumber: '2020310001',
      previousRoomCode: 'c1-b3-201',
      province: 'Gansu',
      city: 'Lanzhou',
      riskArea: false,
    },
  },
  {
    type: 'StudentReturnedToCampus',
    data: { studentNumber: '2020310001', roomCode: 'c1-b3-201', roomPath },
  },
  { type: 'DietaryNeedRecorded', data: { studentNumber: '2020310001', halal: false } },
  { type: 'BedAllocated', data: { roomCode: 'c1-b3-201', studentNumber: '2020310001' } },
  { type: 'BedFreed', data: { roomCode: 'c1-b3-201', studentNumber: '2020310001' } },
  {
    type: 'RoomsRelocated',
    data: {
      relocationId: 'reloc-1',
      reason: 'free rooms for the isolation reserve',
      moves: [{ fromRoomCode: 'a', toRoomCode: 'b', studentNumbers: ['s1', 's2'] }],
      freedFor: 'isolation-reserve',
    },
  },
  {
    type: 'RoomReserved',
    data: { roomCode: 'c1-b3-201', purpose: 'logistics-staff', relocationId: null },
  },
  {
    type: 'StaffUnassignedFromUnit',
    data: { unitCode: 'sem', staffId: 'T-1024', role: 'party-secretary', replacedBy: 'T-2048' },
  },
  {
    type: 'StaffUnassignedFromUnit',
    data: { unitCode: 'c1-b3', staffId: 'S-7', role: 'building-head', replacedBy: null },
  },
];

/** The data of one sample, to build a bad one from. */
function sampleData(index: number): object {
  const sample = samples[index];
  if (!sample) throw new Error(`no sample ${index}`);
  return sample.data;
}

describe('roster event contracts', () => {
  const allTypes: RosterEventType[] = Object.keys(rosterEventVersions) as RosterEventType[];

  it('lists every roster event type once per version, all at version 1 today', () => {
    expect(rosterEvents.map((c) => c.type).sort()).toEqual([...allTypes].sort());
    for (const contract of rosterEvents) expect(contract.version).toBe(1);
    expect(allTypes).toHaveLength(13);
  });

  it('names subject, CloudEvents type and data schema consistently', () => {
    for (const c of rosterEvents) {
      expect(c.context).toBe('roster');
      expect(c.subject).toBe(subjectFor('roster', c.type));
      expect(c.cloudEventType).toBe(cloudEventType('roster', c.type, c.version));
      expect(c.dataSchema).toBe(dataSchemaFor('roster', c.type, c.version));
      expect(c.schema['$id']).toBe(c.dataSchema);
      expect(c.schema['$schema']).toBe('https://json-schema.org/draft/2020-12/schema');
    }
  });

  it('closes every object: additionalProperties is false everywhere', () => {
    for (const c of rosterEvents) {
      const objects = [...objectSchemas(c.schema)];
      expect(objects.length).toBeGreaterThan(0);
      for (const node of objects) expect(node['additionalProperties']).toBe(false);
    }
  });

  it('accepts a realistic payload of every type', () => {
    const covered = new Set(samples.map((s) => s.type));
    expect([...covered].sort()).toEqual([...allTypes].sort());
    for (const sample of samples) {
      expect({ type: sample.type, valid: valid(sample) }).toEqual({
        type: sample.type,
        valid: true,
      });
    }
  });

  it.each<[string, RosterEvent]>([
    [
      'an unknown field',
      {
        type: 'BedFreed',
        data: { roomCode: 'r1', studentNumber: 's1', bed: 2 } as never,
      },
    ],
    ['a missing field', { type: 'DietaryNeedRecorded', data: { studentNumber: 's1' } as never }],
    [
      'a university with a parent',
      {
        type: 'AcademicUnitCreated',
        data: { code: 'u', name: 'U', level: 'university', parentCode: 'x', path: ['x', 'u'] },
      },
    ],
    [
      'a college without a parent',
      {
        type: 'AcademicUnitCreated',
        data: { code: 'sem', name: 'SEM', level: 'college', parentCode: null, path: ['sem'] },
      },
    ],
    [
      'a floor with beds',
      {
        type: 'ResidentialUnitCreated',
        data: {
          code: 'f2',
          name: 'F2',
          level: 'floor',
          parentCode: 'b3',
          path: ['main', 'c1', 'b3', 'f2'],
          bedCapacity: 4,
        },
      },
    ],
    [
      'a room without beds',
      {
        type: 'ResidentialUnitCreated',
        data: { ...sampleData(2), bedCapacity: null } as never,
      },
    ],
    [
      'an on-campus residence carrying a province',
      {
        type: 'StudentEnrolled',
        data: {
          ...sampleData(5),
          residence: { kind: 'on-campus', roomCode: 'r', roomPath, province: 'Shaanxi' },
        } as never,
      },
    ],
    [
      'an unknown student type',
      {
        type: 'StudentEnrolled',
        data: { ...sampleData(5), studentType: 'exchange' } as never,
      },
    ],
    [
      'an upper-case unit code',
      { type: 'BedAllocated', data: { roomCode: 'R101', studentNumber: 's1' } },
    ],
    [
      'an unassignment that does not say the role',
      {
        type: 'StaffUnassignedFromUnit',
        data: { unitCode: 'sem', staffId: 'T-1', replacedBy: null } as never,
      },
    ],
    [
      'an unassignment replaced by no one valid',
      {
        type: 'StaffUnassignedFromUnit',
        data: { unitCode: 'sem', staffId: 'T-1', role: 'party-secretary', replacedBy: 'a b' },
      },
    ],
    [
      'a relocation with no moves',
      {
        type: 'RoomsRelocated',
        data: { relocationId: 'r', reason: 'x', moves: [], freedFor: 'other' },
      },
    ],
  ])('rejects %s', (_what, event) => {
    expect(valid(event)).toBe(false);
  });

  it('looks contracts up by type and version', () => {
    expect(rosterEventContract('StudentEnrolled', 1)?.subject).toBe(
      'bulwark.roster.StudentEnrolled',
    );
    expect(rosterEventContract('StudentEnrolled', 2)).toBeUndefined();
    expect(isRosterEventType('BedFreed')).toBe(true);
    expect(isRosterEventType('toString')).toBe(false);
  });

  it('names the store streams', () => {
    expect(rosterStreamId.unit('c1-b3-201')).toBe('unit-c1-b3-201');
    expect(rosterStreamId.student('2020310001')).toBe('student-2020310001');
    expect(rosterStreamId.relocation('reloc-1')).toBe('relocation-reloc-1');
  });
});
