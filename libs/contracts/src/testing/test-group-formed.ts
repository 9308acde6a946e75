import {
  clockTime,
  date,
  dialect,
  groupId,
  roundId,
  roundStudent,
  routeName,
  unitCode,
  unitCodes,
} from './schema-parts';
import { testingStreamIdPatterns } from './streams';
import { testRoundContract } from './test-round-contract';
import { testingLimits } from './vocabulary';

export const TEST_GROUP_FORMED = 'TestGroupFormed';

/** A student as a round knows them (a copy of the roster at planning time). */
export interface TestRoundStudent {
  studentNumber: string;
  name: string;
  classCode: string;
  /** university, college, grade, class. */
  classPath: string[];
  roomCode: string;
  /** campus, community, building, floor, room. */
  roomPath: string[];
}

/**
 * One group of a round's plan: at most `groupSize` students of one community, whole rooms
 * (floors too where they fit), leaving at `start` along `route` and clear of it at `end`
 * (wall-clock `HH:MM` on the round's date). Follows TestRoundPlanned or TestRoundReplanned
 * on the round's stream; `revision` is the plan revision that formed it.
 */
export interface TestGroupFormedV1 {
  roundId: string;
  date: string;
  revision: number;
  groupId: string;
  community: string;
  buildings: string[];
  floors: string[];
  rooms: string[];
  route: string;
  start: string;
  end: string;
  students: TestRoundStudent[];
}
export type TestGroupFormed = TestGroupFormedV1;

export const testGroupFormedV1Schema = {
  $schema: dialect,
  $id: 'urn:bulwark:schema:reporting:TestGroupFormed:v1',
  title: 'TestGroupFormed v1',
  type: 'object',
  additionalProperties: false,
  required: [
    'roundId',
    'date',
    'revision',
    'groupId',
    'community',
    'buildings',
    'floors',
    'rooms',
    'route',
    'start',
    'end',
    'students',
  ],
  properties: {
    roundId,
    date,
    revision: { type: 'integer', minimum: 1 },
    groupId,
    community: unitCode,
    buildings: { ...unitCodes, minItems: 1 },
    floors: { ...unitCodes, minItems: 1 },
    rooms: { ...unitCodes, minItems: 1 },
    route: routeName,
    start: clockTime,
    end: clockTime,
    students: {
      type: 'array',
      items: roundStudent,
      minItems: 1,
      maxItems: testingLimits.maxGroupSize,
    },
  },
} as const;

export const testGroupFormedV1 = testRoundContract(
  TEST_GROUP_FORMED,
  1,
  testingStreamIdPatterns.round,
  testGroupFormedV1Schema,
);
