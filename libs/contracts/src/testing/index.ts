import type { EventContract } from '../contract';
import { classTallySubmittedV1, type ClassTallySubmitted } from './class-tally-submitted';
import { dormTallySubmittedV1, type DormTallySubmitted } from './dorm-tally-submitted';
import {
  positiveTestResultReportedV1,
  type PositiveTestResultReported,
} from './positive-test-result-reported';
import { talliesReconciledV1, type TalliesReconciled } from './tallies-reconciled';
import { tallyDiscrepancyFoundV1, type TallyDiscrepancyFound } from './tally-discrepancy-found';
import {
  tallyDiscrepancyResolvedV1,
  type TallyDiscrepancyResolved,
} from './tally-discrepancy-resolved';
import { testAbsenceRecordedV1, type TestAbsenceRecorded } from './test-absence-recorded';
import { testGroupFormedV1, type TestGroupFormed } from './test-group-formed';
import {
  testGroupLeaderAssignedV1,
  type TestGroupLeaderAssigned,
} from './test-group-leader-assigned';
import { testGroupSampledV1, type TestGroupSampled } from './test-group-sampled';
import { testResultRecordedV1, type TestResultRecorded } from './test-result-recorded';
import { testRoundClosedV1, type TestRoundClosed } from './test-round-closed';
import { testRoundPlannedV1, type TestRoundPlanned } from './test-round-planned';
import { testRoundReplannedV1, type TestRoundReplanned } from './test-round-replanned';

export * from './class-tally-submitted';
export * from './dorm-tally-submitted';
export * from './positive-test-result-reported';
export * from './streams';
export * from './tallies-reconciled';
export * from './tally-discrepancy-found';
export * from './tally-discrepancy-resolved';
export * from './test-absence-recorded';
export * from './test-group-formed';
export * from './test-group-leader-assigned';
export * from './test-group-sampled';
export * from './test-result-recorded';
export * from './test-round-closed';
export * from './test-round-contract';
export * from './test-round-planned';
export * from './test-round-replanned';
export * from './vocabulary';

/**
 * Current (newest) data shape of every testing-round event type. Context `reporting`: these
 * are published on `bulwark.reporting.<EventType>`, next to the daily-reporting events.
 */
export interface TestingEventMap {
  TestRoundPlanned: TestRoundPlanned;
  TestGroupFormed: TestGroupFormed;
  TestRoundReplanned: TestRoundReplanned;
  TestGroupLeaderAssigned: TestGroupLeaderAssigned;
  TestGroupSampled: TestGroupSampled;
  TestAbsenceRecorded: TestAbsenceRecorded;
  TestResultRecorded: TestResultRecorded;
  PositiveTestResultReported: PositiveTestResultReported;
  ClassTallySubmitted: ClassTallySubmitted;
  DormTallySubmitted: DormTallySubmitted;
  TalliesReconciled: TalliesReconciled;
  TallyDiscrepancyFound: TallyDiscrepancyFound;
  TallyDiscrepancyResolved: TallyDiscrepancyResolved;
  TestRoundClosed: TestRoundClosed;
}

export type TestingEventType = keyof TestingEventMap;

/** A testing-round event as `{ type, data }`, discriminated by type (current versions). */
export type TestingEvent = {
  [K in TestingEventType]: { type: K; data: TestingEventMap[K] };
}[TestingEventType];

/** Every published version of every testing-round event. Old versions stay once a v2 exists. */
export const testingEvents: readonly EventContract<TestingEventType>[] = [
  testRoundPlannedV1,
  testGroupFormedV1,
  testRoundReplannedV1,
  testGroupLeaderAssignedV1,
  testGroupSampledV1,
  testAbsenceRecordedV1,
  testResultRecordedV1,
  positiveTestResultReportedV1,
  classTallySubmittedV1,
  dormTallySubmittedV1,
  talliesReconciledV1,
  tallyDiscrepancyFoundV1,
  tallyDiscrepancyResolvedV1,
  testRoundClosedV1,
];

/** The version reporting writes today for each testing-round type. */
export const testingEventVersions: { readonly [K in TestingEventType]: number } = {
  TestRoundPlanned: testRoundPlannedV1.version,
  TestGroupFormed: testGroupFormedV1.version,
  TestRoundReplanned: testRoundReplannedV1.version,
  TestGroupLeaderAssigned: testGroupLeaderAssignedV1.version,
  TestGroupSampled: testGroupSampledV1.version,
  TestAbsenceRecorded: testAbsenceRecordedV1.version,
  TestResultRecorded: testResultRecordedV1.version,
  PositiveTestResultReported: positiveTestResultReportedV1.version,
  ClassTallySubmitted: classTallySubmittedV1.version,
  DormTallySubmitted: dormTallySubmittedV1.version,
  TalliesReconciled: talliesReconciledV1.version,
  TallyDiscrepancyFound: tallyDiscrepancyFoundV1.version,
  TallyDiscrepancyResolved: tallyDiscrepancyResolvedV1.version,
  TestRoundClosed: testRoundClosedV1.version,
};

const byTypeAndVersion = new Map(testingEvents.map((c) => [`${c.type}.v${c.version}`, c]));

/** The contract of one version of a testing-round event, or undefined when never published. */
export function testingEventContract(
  type: string,
  version: number,
): EventContract<TestingEventType> | undefined {
  return byTypeAndVersion.get(`${type}.v${version}`);
}

export function isTestingEventType(type: string): type is TestingEventType {
  return Object.prototype.hasOwnProperty.call(testingEventVersions, type);
}
