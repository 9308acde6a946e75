import {
  actorId,
  count,
  date,
  dialect,
  nullableClockTime,
  roundId,
  routeName,
  startTime,
  unitCode,
  unitCodes,
} from './schema-parts';
import { testingStreamIdPatterns } from './streams';
import { testRoundContract } from './test-round-contract';
import { testingLimits } from './vocabulary';

export const TEST_ROUND_PLANNED = 'TestRoundPlanned';

/** A named path from building(s) to the test site of a community. */
export interface TestRoute {
  name: string;
  /** Buildings the route starts at; [] for a route open to every building. */
  fromBuildings: string[];
}

export interface CommunityTestRoutes {
  community: string;
  routes: TestRoute[];
}

/** How many groups and students one community has in the round. */
export interface CommunityRoundSummary {
  community: string;
  groups: number;
  students: number;
}

/**
 * A mass-testing round was planned for a date. This is the summary: settings, routes and
 * counts per community. The groups themselves follow on the same stream, one
 * TestGroupFormed each (a round of 50,000 students is 1,250 small events, not one huge one);
 * the service's read model serves the plan per community, building and student.
 */
export interface TestRoundPlannedV1 {
  roundId: string;
  date: string;
  plannedBy: string;
  /** True when the round covers every community with students on campus. */
  wholeCampus: boolean;
  communities: CommunityRoundSummary[];
  groupSize: number;
  firstStart: string;
  intervalMinutes: number;
  slotMinutes: number;
  routes: CommunityTestRoutes[];
  groupCount: number;
  studentCount: number;
  /** Start of the earliest group, end of the latest; null when the round has no group. */
  firstGroupStart: string | null;
  lastGroupEnd: string | null;
  /** Rooms with more students than a group holds: the only rooms split across groups. */
  oversizeRooms: string[];
}
export type TestRoundPlanned = TestRoundPlannedV1;

export const testRoute = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'fromBuildings'],
  properties: { name: routeName, fromBuildings: unitCodes },
} as const;

export const communityTestRoutes = {
  type: 'object',
  additionalProperties: false,
  required: ['community', 'routes'],
  properties: {
    community: unitCode,
    routes: {
      type: 'array',
      items: testRoute,
      minItems: 1,
      maxItems: testingLimits.maxRoutesPerCommunity,
    },
  },
} as const;

export const testRoundPlannedV1Schema = {
  $schema: dialect,
  $id: 'urn:bulwark:schema:reporting:TestRoundPlanned:v1',
  title: 'TestRoundPlanned v1',
  type: 'object',
  additionalProperties: false,
  required: [
    'roundId',
    'date',
    'plannedBy',
    'wholeCampus',
    'communities',
    'groupSize',
    'firstStart',
    'intervalMinutes',
    'slotMinutes',
    'routes',
    'groupCount',
    'studentCount',
    'firstGroupStart',
    'lastGroupEnd',
    'oversizeRooms',
  ],
  properties: {
    roundId,
    date,
    plannedBy: actorId,
    wholeCampus: { type: 'boolean' },
    communities: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['community', 'groups', 'students'],
        properties: { community: unitCode, groups: count, students: count },
      },
    },
    groupSize: { type: 'integer', minimum: 1, maximum: testingLimits.maxGroupSize },
    firstStart: startTime,
    intervalMinutes: { type: 'integer', minimum: 1, maximum: testingLimits.maxMinutes },
    slotMinutes: { type: 'integer', minimum: 1, maximum: testingLimits.maxMinutes },
    routes: { type: 'array', items: communityTestRoutes },
    groupCount: count,
    studentCount: count,
    firstGroupStart: nullableClockTime,
    lastGroupEnd: nullableClockTime,
    oversizeRooms: unitCodes,
  },
} as const;

export const testRoundPlannedV1 = testRoundContract(
  TEST_ROUND_PLANNED,
  1,
  testingStreamIdPatterns.round,
  testRoundPlannedV1Schema,
);
