import type { EventContract } from '../contract';
import { academicUnitCreatedV1, type AcademicUnitCreated } from './academic-unit-created';
import { bedAllocatedV1, type BedAllocated } from './bed-allocated';
import { bedFreedV1, type BedFreed } from './bed-freed';
import { dietaryNeedRecordedV1, type DietaryNeedRecorded } from './dietary-need-recorded';
import { residentialUnitCreatedV1, type ResidentialUnitCreated } from './residential-unit-created';
import { roomReservedV1, type RoomReserved } from './room-reserved';
import { roomsRelocatedV1, type RoomsRelocated } from './rooms-relocated';
import { staffAssignedToUnitV1, type StaffAssignedToUnit } from './staff-assigned-to-unit';
import {
  staffUnassignedFromUnitV1,
  type StaffUnassignedFromUnit,
} from './staff-unassigned-from-unit';
import { studentAssignedToRoomV1, type StudentAssignedToRoom } from './student-assigned-to-room';
import { studentEnrolledV1, type StudentEnrolled } from './student-enrolled';
import { studentLeftCampusV1, type StudentLeftCampus } from './student-left-campus';
import {
  studentReturnedToCampusV1,
  type StudentReturnedToCampus,
} from './student-returned-to-campus';

export * from './academic-unit-created';
export * from './bed-allocated';
export * from './bed-freed';
export * from './dietary-need-recorded';
export * from './residential-unit-created';
export * from './room-reserved';
export * from './rooms-relocated';
export * from './staff-assigned-to-unit';
export * from './staff-unassigned-from-unit';
export * from './student-assigned-to-room';
export * from './student-enrolled';
export * from './student-left-campus';
export * from './student-returned-to-campus';
export * from './streams';
export * from './vocabulary';

/** Current (newest) data shape of every roster event type. */
export interface RosterEventMap {
  AcademicUnitCreated: AcademicUnitCreated;
  ResidentialUnitCreated: ResidentialUnitCreated;
  StaffAssignedToUnit: StaffAssignedToUnit;
  StaffUnassignedFromUnit: StaffUnassignedFromUnit;
  StudentEnrolled: StudentEnrolled;
  StudentAssignedToRoom: StudentAssignedToRoom;
  StudentLeftCampus: StudentLeftCampus;
  StudentReturnedToCampus: StudentReturnedToCampus;
  DietaryNeedRecorded: DietaryNeedRecorded;
  BedAllocated: BedAllocated;
  BedFreed: BedFreed;
  RoomsRelocated: RoomsRelocated;
  RoomReserved: RoomReserved;
}

export type RosterEventType = keyof RosterEventMap;

/** A roster event as `{ type, data }`, discriminated by type (current versions). */
export type RosterEvent = {
  [K in RosterEventType]: { type: K; data: RosterEventMap[K] };
}[RosterEventType];

/** Every published version of every roster event. Old versions stay here once a v2 exists. */
export const rosterEvents: readonly EventContract<RosterEventType>[] = [
  academicUnitCreatedV1,
  residentialUnitCreatedV1,
  staffAssignedToUnitV1,
  staffUnassignedFromUnitV1,
  studentEnrolledV1,
  studentAssignedToRoomV1,
  studentLeftCampusV1,
  studentReturnedToCampusV1,
  dietaryNeedRecordedV1,
  bedAllocatedV1,
  bedFreedV1,
  roomsRelocatedV1,
  roomReservedV1,
];

/** The version the roster writes today, per type (the `schemaVersion` of new events). */
export const rosterEventVersions: { readonly [K in RosterEventType]: number } = {
  AcademicUnitCreated: academicUnitCreatedV1.version,
  ResidentialUnitCreated: residentialUnitCreatedV1.version,
  StaffAssignedToUnit: staffAssignedToUnitV1.version,
  StaffUnassignedFromUnit: staffUnassignedFromUnitV1.version,
  StudentEnrolled: studentEnrolledV1.version,
  StudentAssignedToRoom: studentAssignedToRoomV1.version,
  StudentLeftCampus: studentLeftCampusV1.version,
  StudentReturnedToCampus: studentReturnedToCampusV1.version,
  DietaryNeedRecorded: dietaryNeedRecordedV1.version,
  BedAllocated: bedAllocatedV1.version,
  BedFreed: bedFreedV1.version,
  RoomsRelocated: roomsRelocatedV1.version,
  RoomReserved: roomReservedV1.version,
};

const byTypeAndVersion = new Map(rosterEvents.map((c) => [`${c.type}.v${c.version}`, c]));

/** The contract of one version of a roster event, or undefined when it was never published. */
export function rosterEventContract(
  type: string,
  version: number,
): EventContract<RosterEventType> | undefined {
  return byTypeAndVersion.get(`${type}.v${version}`);
}

export function isRosterEventType(type: string): type is RosterEventType {
  return Object.prototype.hasOwnProperty.call(rosterEventVersions, type);
}
