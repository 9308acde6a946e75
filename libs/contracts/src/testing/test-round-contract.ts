import { eventContract, type EventContract, type JsonSchema } from '../contract';

/**
 * A testing-round event contract. Rounds are run by the reporting service, so their events
 * belong to the reporting context: subject `bulwark.reporting.<EventType>`, stream REPORTING.
 */
export function testRoundContract<T extends string>(
  type: T,
  version: number,
  streamIdPattern: string,
  schema: JsonSchema,
): EventContract<T> {
  return eventContract('reporting', type, version, streamIdPattern, schema);
}
