import { eventContract, type EventContract, type JsonSchema } from '../contract';

/** A roster event contract; the roster publishes on the ROSTER stream. */
export function rosterContract<T extends string>(
  type: T,
  version: number,
  streamIdPattern: string,
  schema: JsonSchema,
): EventContract<T> {
  return eventContract('roster', type, version, streamIdPattern, schema);
}
