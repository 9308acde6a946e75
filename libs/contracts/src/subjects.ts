/**
 * Names on the wire. Every context publishes to one JetStream stream (`ROSTER`, …) over
 * `bulwark.<context>.>`; an event's subject is `bulwark.<context>.<EventType>` and its
 * CloudEvents `type` adds the schema version: `bulwark.<context>.<EventType>.v<N>`.
 */
export const contexts = ['roster', 'reporting', 'isolation', 'meals', 'volunteers'] as const;
export type Context = (typeof contexts)[number];

// PascalCase only: a dot, `*` or `>` in a type name would change what a subject matches.
const eventTypeName = /^[A-Z][A-Za-z0-9]{0,99}$/;

function checkedEventType(eventType: string): string {
  if (!eventTypeName.test(eventType)) {
    throw new TypeError(
      `event type must be PascalCase letters and digits, got ${JSON.stringify(eventType)}`,
    );
  }
  return eventType;
}

function checkedVersion(version: number): number {
  if (!Number.isInteger(version) || version < 1) {
    throw new TypeError(`schema version must be an integer >= 1, got ${version}`);
  }
  return version;
}

/** `bulwark.roster.StudentEnrolled`: the NATS subject an event is published on (all versions). */
export function subjectFor(context: Context, eventType: string): string {
  return `bulwark.${context}.${checkedEventType(eventType)}`;
}

/** `bulwark.roster.StudentEnrolled.v1`: the CloudEvents `type` of one schema version. */
export function cloudEventType(context: Context, eventType: string, version: number): string {
  return `${subjectFor(context, eventType)}.v${checkedVersion(version)}`;
}

/** `ROSTER`: the JetStream stream that holds a context's events. */
export function streamNameFor(context: Context): string {
  return context.toUpperCase();
}

/** `bulwark.roster.>`: the subjects a context's JetStream stream captures. */
export function streamSubjectsFor(context: Context): string {
  return `bulwark.${context}.>`;
}

/** `urn:bulwark:schema:roster:StudentEnrolled:v1`: the `$id` of a schema and the envelope's `dataschema`. */
export function dataSchemaFor(context: Context, eventType: string, version: number): string {
  return `urn:bulwark:schema:${context}:${checkedEventType(eventType)}:v${checkedVersion(version)}`;
}

export interface CloudEventTypeParts {
  context: Context;
  eventType: string;
  version: number;
}

/** Reads `bulwark.<context>.<EventType>.v<N>` back; null when it is not one of ours. */
export function parseCloudEventType(value: string): CloudEventTypeParts | null {
  const match = /^bulwark\.([a-z]+)\.([A-Z][A-Za-z0-9]{0,99})\.v([1-9][0-9]{0,5})$/.exec(value);
  const [, name, eventType, version] = match ?? [];
  const context = contexts.find((known) => known === name);
  if (!context || eventType === undefined) return null;
  return { context, eventType, version: Number(version) };
}
