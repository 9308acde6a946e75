import { cloudEventType, dataSchemaFor, subjectFor } from '../subjects';
import { objectSchemas, schemaCheck } from '../test-support/schema-check';
import {
  isTestingEventType,
  testingEventContract,
  testingEvents,
  testingEventVersions,
  testingStreamId,
  type TestingEvent,
  type TestingEventType,
} from './index';

const valid = schemaCheck(testingEvents);

const classPath = ['uni', 'sem', 'sem-2020', 'sem-2020-ug-01'];
const roomPath = ['main', 'cm1', 'cm1-b01', 'cm1-b01-f2', 'cm1-b01-201'];
const student = {
  studentNumber: '2020310001',
  name: '马丽',
  classCode: 'sem-2020-ug-01',
  classPath,
  roomCode: 'cm1-b01-201',
  roomPath,
};
const round = { roundId: 'r-2022-01-05', date: '2022-01-05' };

/** One realistic payload per type: each must validate. */
const samples: TestingEvent[] = [
  {
    type: 'TestRoundPlanned',
    data: {
      ...round,
      plannedBy: 'T-1',
      wholeCampus: false,
      communities: [{ community: 'cm1', groups: 2, students: 41 }],
      groupSize: 40,
      firstStart: '07:00',
      intervalMinutes: 5,
      slotMinutes: 15,
      routes: [
        {
          community: 'cm1',
          routes: [
            { name: 'East gate', fromBuildings: ['cm1-b01'] },
            { name: 'Canteen path', fromBuildings: [] },
          ],
        },
      ],
      groupCount: 2,
      studentCount: 41,
      firstGroupStart: '07:00',
      lastGroupEnd: '07:20',
      oversizeRooms: [],
    },
  },
  {
    type: 'TestRoundPlanned',
    data: {
      ...round,
      plannedBy: 'office',
      wholeCampus: true,
      communities: [],
      groupSize: 40,
      firstStart: '23:59',
      intervalMinutes: 1,
      slotMinutes: 1,
      routes: [],
      groupCount: 0,
      studentCount: 0,
      firstGroupStart: null,
      lastGroupEnd: null,
      oversizeRooms: [],
    },
  },
  {
    type: 'TestGroupFormed',
    data: {
      ...round,
      revision: 1,
      groupId: 'cm1-g001',
      community: 'cm1',
      buildings: ['cm1-b01'],
      floors: ['cm1-b01-f2'],
      rooms: ['cm1-b01-201'],
      route: 'East gate',
      start: '23:45',
      end: '24:00',
      students: [student],
    },
  },
  {
    type: 'TestRoundReplanned',
    data: {
      ...round,
      revision: 2,
      reason: 'relocation reloc-7',
      replannedBy: 'T-1',
      firstStart: '10:00',
      routes: [{ community: 'cm1', routes: [{ name: 'East gate', fromBuildings: [] }] }],
      keptGroups: 3,
      dissolvedGroupIds: ['cm1-g004', 'cm1-g005'],
      removedStudentNumbers: ['2020310009'],
      groupCount: 2,
      studentCount: 61,
    },
  },
  {
    type: 'TestGroupLeaderAssigned',
    data: {
      ...round,
      groupId: 'cm1-g001',
      leaderId: 'C-12',
      leaderName: '张伟',
      assignedBy: 'T-1',
    },
  },
  {
    type: 'TestGroupSampled',
    data: {
      ...round,
      groupId: 'cm1-g001',
      community: 'cm1',
      sampledAt: '2022-01-04T23:05:00.000Z',
      samples: [{ studentNumber: '2020310001', attempt: 1 }],
    },
  },
  {
    type: 'TestAbsenceRecorded',
    data: {
      ...round,
      groupId: 'cm1-g001',
      community: 'cm1',
      absences: [{ studentNumber: '2020310002', reason: 'isolated' }],
    },
  },
  {
    type: 'TestResultRecorded',
    data: {
      ...round,
      studentNumber: '2020310001',
      groupId: 'cm1-g001',
      attempt: 1,
      result: 'positive',
      reportedAt: '2022-01-05T08:00:00Z',
    },
  },
  {
    type: 'PositiveTestResultReported',
    data: {
      ...round,
      ...student,
      groupId: 'cm1-g001',
      attempt: 1,
      sampledAt: '2022-01-04T23:05:00.000Z',
      reportedAt: '2022-01-05T08:00:00.000Z',
    },
  },
  {
    type: 'ClassTallySubmitted',
    data: {
      ...round,
      classCode: 'sem-2020-ug-01',
      studentNumbers: ['2020310001'],
      submittedBy: 'T-7',
      submittedAt: '2022-01-05T09:00:00.000Z',
      submission: 1,
    },
  },
  {
    type: 'DormTallySubmitted',
    data: {
      ...round,
      community: 'cm1',
      buildingCode: 'cm1-b01',
      studentNumbers: [],
      submittedBy: 'T-1',
      submittedAt: '2022-01-05T09:00:00.000Z',
      submission: 2,
    },
  },
  {
    type: 'TalliesReconciled',
    data: {
      ...round,
      reconciledBy: 'T-1',
      reconciledAt: '2022-01-05T10:00:00.000Z',
      classTallies: 1,
      dormTallies: 1,
      classLineTotal: 1,
      dormLineTotal: 0,
      discrepancies: 1,
      found: 1,
      autoResolved: 0,
      open: 1,
    },
  },
  {
    type: 'TallyDiscrepancyFound',
    data: {
      ...round,
      discrepancyId: 'class-line-only:2020310001',
      kind: 'class-line-only',
      studentNumber: '2020310001',
      name: '马丽',
      classCode: 'sem-2020-ug-01',
      roomCode: 'cm1-b01-201',
      buildingCode: 'cm1-b01',
      community: 'cm1',
      classLine: ['sem-2020-ug-01'],
      dormLine: [],
    },
  },
  {
    type: 'TallyDiscrepancyResolved',
    data: {
      ...round,
      discrepancyId: 'class-line-only:2020310001',
      kind: 'class-line-only',
      studentNumber: '2020310001',
      reason: 'moved-room',
      note: null,
      resolvedBy: 'T-1',
      resolvedAt: '2022-01-05T10:30:00.000Z',
      via: 'counsellor',
    },
  },
  {
    type: 'TestRoundClosed',
    data: {
      ...round,
      closedBy: 'T-1',
      closedAt: '2022-01-05T11:00:00.000Z',
      groupCount: 2,
      studentCount: 41,
      sampled: 40,
      absent: 1,
      unaccounted: 0,
      results: { negative: 39, positive: 1, invalid: 0, pending: 0 },
      discrepanciesResolved: 1,
    },
  },
];

describe('testing-round event contracts', () => {
  const allTypes = Object.keys(testingEventVersions) as TestingEventType[];

  it('lists every testing-round event type once per version, all at version 1 today', () => {
    expect(testingEvents.map((c) => c.type).sort()).toEqual([...allTypes].sort());
    for (const contract of testingEvents) expect(contract.version).toBe(1);
    expect(allTypes).toHaveLength(14);
  });

  it('publishes in the reporting context: subject, CloudEvents type and data schema agree', () => {
    for (const c of testingEvents) {
      expect(c.context).toBe('reporting');
      expect(c.subject).toBe(subjectFor('reporting', c.type));
      expect(c.subject).toBe(`bulwark.reporting.${c.type}`);
      expect(c.cloudEventType).toBe(cloudEventType('reporting', c.type, c.version));
      expect(c.dataSchema).toBe(dataSchemaFor('reporting', c.type, c.version));
      expect(c.schema['$id']).toBe(c.dataSchema);
      expect(c.schema['$schema']).toBe('https://json-schema.org/draft/2020-12/schema');
      expect(c.streamIdPattern).toBe('test-round-<roundId>');
    }
  });

  it('closes every object: additionalProperties is false everywhere', () => {
    for (const c of testingEvents) {
      const objects = [...objectSchemas(c.schema)];
      expect(objects.length).toBeGreaterThan(0);
      for (const node of objects) expect(node['additionalProperties']).toBe(false);
    }
  });

  it('accepts a realistic payload of every type', () => {
    expect([...new Set(samples.map((s) => s.type))].sort()).toEqual([...allTypes].sort());
    for (const sample of samples) {
      expect({ type: sample.type, valid: valid(sample) }).toEqual({
        type: sample.type,
        valid: true,
      });
    }
  });

  const byType = (type: TestingEventType) => samples.find((s) => s.type === type)!.data as object;

  it.each<[string, TestingEvent]>([
    [
      'an unknown field',
      { type: 'TestResultRecorded', data: { ...byType('TestResultRecorded'), lab: 'x' } as never },
    ],
    [
      'an unknown absence reason',
      {
        type: 'TestAbsenceRecorded',
        data: {
          ...byType('TestAbsenceRecorded'),
          absences: [{ studentNumber: 's1', reason: 'asleep' }],
        } as never,
      },
    ],
    [
      'a group start past midnight',
      { type: 'TestGroupFormed', data: { ...byType('TestGroupFormed'), start: '24:10' } as never },
    ],
    [
      'an empty group',
      { type: 'TestGroupFormed', data: { ...byType('TestGroupFormed'), students: [] } as never },
    ],
    [
      'a student counted twice in one tally',
      {
        type: 'ClassTallySubmitted',
        data: { ...byType('ClassTallySubmitted'), studentNumbers: ['s1', 's1'] } as never,
      },
    ],
    [
      'a discrepancy id of an unknown kind',
      {
        type: 'TallyDiscrepancyFound',
        data: { ...byType('TallyDiscrepancyFound'), discrepancyId: 'other:s1' } as never,
      },
    ],
    [
      'an empty resolution note',
      {
        type: 'TallyDiscrepancyResolved',
        data: { ...byType('TallyDiscrepancyResolved'), note: '' } as never,
      },
    ],
    [
      'a local time without zone',
      {
        type: 'TestGroupSampled',
        data: { ...byType('TestGroupSampled'), sampledAt: '2022-01-05 07:05' } as never,
      },
    ],
    [
      'a group of more than 200',
      {
        type: 'TestGroupFormed',
        data: {
          ...byType('TestGroupFormed'),
          students: Array.from({ length: 201 }, (_, i) => ({
            ...student,
            studentNumber: `s${i}`,
          })),
        } as never,
      },
    ],
  ])('rejects %s', (_what, event) => {
    expect(valid(event)).toBe(false);
  });

  it('looks contracts up by type and version', () => {
    expect(testingEventContract('PositiveTestResultReported', 1)?.subject).toBe(
      'bulwark.reporting.PositiveTestResultReported',
    );
    expect(testingEventContract('PositiveTestResultReported', 2)).toBeUndefined();
    expect(testingEventContract('CheckInSubmitted', 1)).toBeUndefined();
    expect(isTestingEventType('TestRoundClosed')).toBe(true);
    expect(isTestingEventType('toString')).toBe(false);
  });

  it('names the store stream of a round', () => {
    expect(testingStreamId.round('r-2022-01-05')).toBe('test-round-r-2022-01-05');
  });
});
