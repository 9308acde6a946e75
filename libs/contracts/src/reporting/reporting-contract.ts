import { eventContract, type EventContract, type JsonSchema } from '../contract';

/** A reporting event contract; reporting publishes on the REPORTING stream. */
export function reportingContract<T extends string>(
  type: T,
  version: number,
  streamIdPattern: string,
  schema: JsonSchema,
): EventContract<T> {
  return eventContract('reporting', type, version, streamIdPattern, schema);
}
