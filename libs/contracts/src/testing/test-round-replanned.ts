import {
  actorId,
  count,
  date,
  dialect,
  groupId,
  roundId,
  startTime,
  studentNumber,
} from './schema-parts';
import { testingStreamIdPatterns } from './streams';
import { communityTestRoutes, type CommunityTestRoutes } from './test-round-planned';
import { testRoundContract } from './test-round-contract';
import { testingLimits } from './vocabulary';

export const TEST_ROUND_REPLANNED = 'TestRoundReplanned';

/**
 * A round was planned again, typically after a relocation. Groups with any sampling recorded
 * stay as they are; every other group is dissolved (`dissolvedGroupIds`) and its students,
 * with students new to the round, are regrouped into the TestGroupFormed events that follow
 * (`groupCount` of them, numbered after every group id used before). Students of dissolved
 * groups who left the round's communities or the campus are listed in `removedStudentNumbers`.
 */
export interface TestRoundReplannedV1 {
  roundId: string;
  date: string;
  revision: number;
  reason: string;
  replannedBy: string;
  /** The first start the new groups were staggered from. */
  firstStart: string;
  /** The routes in force from now on. */
  routes: CommunityTestRoutes[];
  keptGroups: number;
  dissolvedGroupIds: string[];
  removedStudentNumbers: string[];
  groupCount: number;
  studentCount: number;
}
export type TestRoundReplanned = TestRoundReplannedV1;

export const testRoundReplannedV1Schema = {
  $schema: dialect,
  $id: 'urn:bulwark:schema:reporting:TestRoundReplanned:v1',
  title: 'TestRoundReplanned v1',
  type: 'object',
  additionalProperties: false,
  required: [
    'roundId',
    'date',
    'revision',
    'reason',
    'replannedBy',
    'firstStart',
    'routes',
    'keptGroups',
    'dissolvedGroupIds',
    'removedStudentNumbers',
    'groupCount',
    'studentCount',
  ],
  properties: {
    roundId,
    date,
    revision: { type: 'integer', minimum: 2 },
    reason: { type: 'string', minLength: 1, maxLength: testingLimits.reason },
    replannedBy: actorId,
    firstStart: startTime,
    routes: { type: 'array', items: communityTestRoutes },
    keptGroups: count,
    dissolvedGroupIds: { type: 'array', items: groupId, uniqueItems: true },
    removedStudentNumbers: { type: 'array', items: studentNumber, uniqueItems: true },
    groupCount: count,
    studentCount: count,
  },
} as const;

export const testRoundReplannedV1 = testRoundContract(
  TEST_ROUND_REPLANNED,
  1,
  testingStreamIdPatterns.round,
  testRoundReplannedV1Schema,
);
