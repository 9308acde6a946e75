import { actorId, date, dialect, groupId, roundId } from './schema-parts';
import { testingStreamIdPatterns } from './streams';
import { testRoundContract } from './test-round-contract';
import { testingLimits } from './vocabulary';

export const TEST_GROUP_LEADER_ASSIGNED = 'TestGroupLeaderAssigned';

/** The community counsellor dispatched a cadre to lead a group (again: the later one leads). */
export interface TestGroupLeaderAssignedV1 {
  roundId: string;
  date: string;
  groupId: string;
  leaderId: string;
  leaderName: string;
  assignedBy: string;
}
export type TestGroupLeaderAssigned = TestGroupLeaderAssignedV1;

export const testGroupLeaderAssignedV1Schema = {
  $schema: dialect,
  $id: 'urn:bulwark:schema:reporting:TestGroupLeaderAssigned:v1',
  title: 'TestGroupLeaderAssigned v1',
  type: 'object',
  additionalProperties: false,
  required: ['roundId', 'date', 'groupId', 'leaderId', 'leaderName', 'assignedBy'],
  properties: {
    roundId,
    date,
    groupId,
    leaderId: actorId,
    leaderName: { type: 'string', minLength: 1, maxLength: testingLimits.leaderName },
    assignedBy: actorId,
  },
} as const;

export const testGroupLeaderAssignedV1 = testRoundContract(
  TEST_GROUP_LEADER_ASSIGNED,
  1,
  testingStreamIdPatterns.round,
  testGroupLeaderAssignedV1Schema,
);
