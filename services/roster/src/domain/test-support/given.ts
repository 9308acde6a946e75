import type { RosterEventMap, StudentEnrolled } from '@bulwark/contracts';
import { rosterEvent, type EventLike, type RosterNewEvent } from '../events';
import { evolveRelocation } from '../relocation/evolve';
import { initialRelocationState, type RelocationState } from '../relocation/state';
import { evolveStudent } from '../student/evolve';
import { initialStudentState, type StudentState } from '../student/state';
import { evolveUnit } from '../unit/evolve';
import { initialUnitState, type UnitState } from '../unit/state';

/** Given-side helpers: streams as lists of past events, folded the way the service folds them. */
export const given = {
  unit: (code: string, ...events: EventLike[]): UnitState =>
    events.reduce(evolveUnit, initialUnitState(code)),
  student: (studentNumber: string, ...events: EventLike[]): StudentState =>
    events.reduce(evolveStudent, initialStudentState(studentNumber)),
  relocation: (relocationId: string, ...events: EventLike[]): RelocationState =>
    events.reduce(evolveRelocation, initialRelocationState(relocationId)),
};

export { rejectionOf } from '@bulwark/decider';

export const event = <K extends keyof RosterEventMap>(
  type: K,
  data: RosterEventMap[K],
): RosterNewEvent => rosterEvent(type, data) as RosterNewEvent;

export const classPath = ['uni', 'sem', 'sem-2020', 'sem-2020-ug-01'];
export const roomPathOf = (roomCode: string): string[] => [
  'main',
  'cm1',
  'b001',
  'b001-f1',
  roomCode,
];

/** The academic line down to one class: university, college, grade, class. */
export const academicLine = {
  university: event('AcademicUnitCreated', {
    code: 'uni',
    name: 'University',
    level: 'university',
    parentCode: null,
    path: ['uni'],
  }),
  college: event('AcademicUnitCreated', {
    code: 'sem',
    name: 'SEM',
    level: 'college',
    parentCode: 'uni',
    path: ['uni', 'sem'],
  }),
  grade: event('AcademicUnitCreated', {
    code: 'sem-2020',
    name: '2020级',
    level: 'grade',
    parentCode: 'sem',
    path: ['uni', 'sem', 'sem-2020'],
  }),
  class: event('AcademicUnitCreated', {
    code: 'sem-2020-ug-01',
    name: '2020级本科1班',
    level: 'class',
    parentCode: 'sem-2020',
    path: classPath,
  }),
};

/** The residential line down to one floor: campus, community, building, floor. */
export const residentialLine = {
  campus: event('ResidentialUnitCreated', {
    code: 'main',
    name: 'Main',
    level: 'campus',
    parentCode: null,
    path: ['main'],
    bedCapacity: null,
  }),
  community: event('ResidentialUnitCreated', {
    code: 'cm1',
    name: 'Community 1',
    level: 'community',
    parentCode: 'main',
    path: ['main', 'cm1'],
    bedCapacity: null,
  }),
  building: event('ResidentialUnitCreated', {
    code: 'b001',
    name: 'Building 1',
    level: 'building',
    parentCode: 'cm1',
    path: ['main', 'cm1', 'b001'],
    bedCapacity: null,
  }),
  floor: event('ResidentialUnitCreated', {
    code: 'b001-f1',
    name: 'Floor 1',
    level: 'floor',
    parentCode: 'b001',
    path: ['main', 'cm1', 'b001', 'b001-f1'],
    bedCapacity: null,
  }),
};

export const roomCreated = (roomCode: string, bedCapacity = 4): RosterNewEvent =>
  event('ResidentialUnitCreated', {
    code: roomCode,
    name: `Room ${roomCode}`,
    level: 'room',
    parentCode: 'b001-f1',
    path: roomPathOf(roomCode),
    bedCapacity,
  });

export const bedAllocated = (roomCode: string, studentNumber: string): RosterNewEvent =>
  event('BedAllocated', { roomCode, studentNumber });

/** A room as its stream stands: created, then a bed per occupant. */
export const givenRoom = (
  roomCode: string,
  capacity: number,
  occupants: string[] = [],
): UnitState =>
  given.unit(
    roomCode,
    roomCreated(roomCode, capacity),
    ...occupants.map((s) => bedAllocated(roomCode, s)),
  );

export function studentEnrolled(
  studentNumber: string,
  residence: StudentEnrolled['residence'],
): RosterNewEvent {
  return event('StudentEnrolled', {
    studentNumber,
    name: '马丽',
    studentType: 'undergraduate',
    classCode: 'sem-2020-ug-01',
    classPath,
    gender: 'female',
    ethnicity: 'Hui',
    halal: true,
    phone: '13800000001',
    residence,
  });
}

export const onCampus = (roomCode: string): StudentEnrolled['residence'] => ({
  kind: 'on-campus',
  roomCode,
  roomPath: roomPathOf(roomCode),
});

export const offCampus: StudentEnrolled['residence'] = {
  kind: 'off-campus',
  province: 'Hubei',
  city: 'Wuhan',
  riskArea: true,
};
