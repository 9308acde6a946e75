import { reportingContract } from './reporting-contract';
import { actorId, day, dialect, reason, studentNumber } from './schema-parts';
import { reportingStreamIdPatterns } from './streams';
import {
  followUpChannels,
  followUpResolutions,
  type FollowUpChannel,
  type FollowUpResolution,
} from './vocabulary';

export const FOLLOW_UP_LOGGED = 'FollowUpLogged';

/**
 * One attempt by a counsellor to reach a non-responder. `resolution` is `reached` when the
 * student was reached, `explained` when they were not but a reason was given (e.g. by a
 * roommate or a parent), null while the case stays open.
 */
export interface FollowUpLoggedV1 {
  studentNumber: string;
  day: string;
  /** 1 for the first attempt of the day, then 2, 3, … */
  attempt: number;
  channel: FollowUpChannel;
  reached: boolean;
  /** The reason given for the missing check-in; null when none was given. */
  reason: string | null;
  resolution: FollowUpResolution | null;
  loggedBy: string;
}
export type FollowUpLogged = FollowUpLoggedV1;

export const followUpLoggedV1Schema = {
  $schema: dialect,
  $id: 'urn:bulwark:schema:reporting:FollowUpLogged:v1',
  title: 'FollowUpLogged v1',
  type: 'object',
  additionalProperties: false,
  required: [
    'studentNumber',
    'day',
    'attempt',
    'channel',
    'reached',
    'reason',
    'resolution',
    'loggedBy',
  ],
  properties: {
    studentNumber,
    day,
    attempt: { type: 'integer', minimum: 1 },
    channel: { enum: followUpChannels },
    reached: { type: 'boolean' },
    reason: { oneOf: [reason, { type: 'null' }] },
    resolution: { enum: [...followUpResolutions, null] },
    loggedBy: actorId,
  },
} as const;

export const followUpLoggedV1 = reportingContract(
  FOLLOW_UP_LOGGED,
  1,
  reportingStreamIdPatterns.checkIns,
  followUpLoggedV1Schema,
);
