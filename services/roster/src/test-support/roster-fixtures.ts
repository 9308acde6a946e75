import type { RosterEventMap, RosterEventType, StudentEnrolled } from '@bulwark/contracts';
import { given, type EventLike } from '@bulwark/decider';
import type { RosterDecision, RosterNewEvent } from '../roster-events';
import { evolveStudent } from '../students/domain/evolve-student';
import { initialStudentState, type StudentState } from '../students/domain/student-state';
import { evolveUnit } from '../units/domain/evolve-unit';
import { initialUnitState, type UnitState } from '../units/domain/unit-state';

/**
 * Test data for the roster's deciders: events of a small university, and the states of the
 * streams a decider reads besides the one its test is given (a parent unit, a class, rooms).
 */

/**
 * A roster event as a test expects it: type and data, which is what `then` compares. The
 * schema version a decider stamps is checked against the contracts (contract-check.ts).
 */
export const event = <K extends RosterEventType>(
  type: K,
  data: RosterEventMap[K],
): RosterNewEvent<K> => ({ type, data }) as RosterNewEvent<K>;

/** Stream `unit-<code>` after these events. */
export const unitAfter = (code: string, ...events: EventLike[]): UnitState =>
  given(initialUnitState(code), evolveUnit, events).state;

/** Stream `student-<number>` after these events. */
export const studentAfter = (studentNumber: string, ...events: EventLike[]): StudentState =>
  given(initialStudentState(studentNumber), evolveStudent, events).state;

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

/** A room's history: created, then a bed per occupant. */
export const roomHistory = (
  roomCode: string,
  capacity: number,
  occupants: string[] = [],
): RosterNewEvent[] => [
  roomCreated(roomCode, capacity),
  ...occupants.map((s) => bedAllocated(roomCode, s)),
];

/** A room as its stream stands: created, then a bed per occupant. */
export const roomWith = (roomCode: string, capacity: number, occupants: string[] = []): UnitState =>
  unitAfter(roomCode, ...roomHistory(roomCode, capacity, occupants));

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

/** The streams a decision writes, in the order it writes them. */
export const streamsOf = (decision: RosterDecision): string[] =>
  decision.map((entry) => entry.streamId);
