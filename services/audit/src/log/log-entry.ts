import type { BulwarkCloudEvent } from '@bulwark/messaging';

/** What the audit log keeps about one event: the envelope as received, plus what it is found by. */
export interface LogEntry {
  eventId: string;
  context: string;
  /** The JetStream stream sequence it arrived with: the order of its context's stream. */
  streamSeq: number;
  streamId: string;
  streamVersion: number;
  type: string;
  schemaVersion: number;
  occurredAt: string;
  actor: string;
  correlationId: string | null;
  studentNumbers: string[];
  unitCodes: string[];
  envelope: BulwarkCloudEvent;
  prevHash: string;
  hash: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const CLOUD_EVENT_TYPE = /^bulwark\.([a-z][a-z0-9-]*)\.([A-Za-z][A-Za-z0-9]*)\.v([1-9][0-9]*)$/;

/** Why an envelope cannot go into the log as an event (it is kept as an incident instead). */
export class UnreadableEnvelope extends Error {}

/** The event type and schema version named by a CloudEvents `type`. */
export function typeOfCloudEvent(cloudEventType: string): { type: string; version: number } {
  const [, , type, version] = CLOUD_EVENT_TYPE.exec(cloudEventType) ?? [];
  if (type === undefined || version === undefined)
    throw new UnreadableEnvelope(`not a bulwark event type: ${cloudEventType}`);
  return { type, version: Number(version) };
}

/** Reads an envelope off the wire; throws UnreadableEnvelope for anything the log cannot hold. */
export function readEnvelope(text: string | Uint8Array): BulwarkCloudEvent {
  let value: BulwarkCloudEvent;
  try {
    const json = typeof text === 'string' ? text : Buffer.from(text).toString('utf8');
    value = JSON.parse(json) as BulwarkCloudEvent;
  } catch (error) {
    throw new UnreadableEnvelope(`not JSON: ${(error as Error).message}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new UnreadableEnvelope('envelope is not an object');
  if (value.specversion !== '1.0')
    throw new UnreadableEnvelope(`unsupported specversion ${String(value.specversion)}`);
  for (const field of ['id', 'type', 'subject', 'time', 'actor', 'prevhash', 'hash'] as const) {
    if (typeof value[field] !== 'string' || value[field] === '')
      throw new UnreadableEnvelope(`envelope without ${field}`);
  }
  if (!UUID.test(value.id)) throw new UnreadableEnvelope(`event id is not a UUID: ${value.id}`);
  if (!Number.isInteger(value.streamversion) || value.streamversion < 1)
    throw new UnreadableEnvelope(`bad streamversion ${String(value.streamversion)}`);
  if (Number.isNaN(Date.parse(value.time))) throw new UnreadableEnvelope(`bad time ${value.time}`);
  if (!('data' in value)) throw new UnreadableEnvelope('envelope without data');
  typeOfCloudEvent(value.type);
  return value;
}

/** The log entry of an envelope that arrived on `context`'s stream at `streamSeq`. */
export function logEntryOf(
  context: string,
  streamSeq: number,
  envelope: BulwarkCloudEvent,
): LogEntry {
  return { ...logFieldsOf(context, streamSeq, envelope), envelope };
}

/** A log entry's fields without the parsed envelope (ingestion keeps only the envelope text). */
export type LogFields = Omit<LogEntry, 'envelope'>;

export function logFieldsOf(
  context: string,
  streamSeq: number,
  envelope: BulwarkCloudEvent,
): LogFields {
  const { type, version } = typeOfCloudEvent(envelope.type);
  const { studentNumbers, unitCodes } = namesIn(envelope.data);
  return {
    eventId: envelope.id.toLowerCase(),
    context,
    streamSeq,
    streamId: envelope.subject,
    streamVersion: envelope.streamversion,
    type,
    schemaVersion: version,
    occurredAt: new Date(envelope.time).toISOString(),
    actor: envelope.actor,
    correlationId: envelope.correlationid ?? null,
    studentNumbers,
    unitCodes,
    prevHash: envelope.prevhash,
    hash: envelope.hash,
  };
}

/**
 * Every student an event is about: `studentNumber` and `studentNumbers` fields at any depth
 * (e.g. each move of a relocation), sorted, once each.
 */
export function studentNumbersIn(data: unknown): string[] {
  return namesIn(data).studentNumbers;
}

/**
 * Every org unit an event names: `code` and `…Code` fields (class, college, room, unit…) and
 * the codes of `path` / `…Path` arrays, at any depth, sorted, once each.
 */
export function unitCodesIn(data: unknown): string[] {
  return namesIn(data).unitCodes;
}

/** Both of the above in one walk of the data (it runs on every event ingested). */
function namesIn(data: unknown): { studentNumbers: string[]; unitCodes: string[] } {
  const students = new Set<string>();
  const units = new Set<string>();
  walk(data, students, units, 0);
  return { studentNumbers: [...students].sort(), unitCodes: [...units].sort() };
}

const LOWER_A = 97;
const LOWER_Z = 122;

/** `code`, or a name ending in `Code` after a lower-case letter (`classCode`, not `Code`). */
function isCodeKey(key: string): boolean {
  if (key === 'code') return true;
  if (key.length < 5 || !key.endsWith('Code')) return false;
  const c = key.charCodeAt(key.length - 5);
  return c >= LOWER_A && c <= LOWER_Z;
}

function isPathKey(key: string): boolean {
  if (key === 'path') return true;
  if (key.length < 5 || !key.endsWith('Path')) return false;
  const c = key.charCodeAt(key.length - 5);
  return c >= LOWER_A && c <= LOWER_Z;
}

function addStrings(into: Set<string>, value: unknown): void {
  if (!Array.isArray(value)) return;
  for (const v of value) if (typeof v === 'string') into.add(v);
}

function walk(value: unknown, students: Set<string>, units: Set<string>, depth: number): void {
  if (depth > 16 || value === null || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    for (const item of value) walk(item, students, units, depth + 1);
    return;
  }
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    const v = record[key];
    if (typeof v === 'string') {
      if (key === 'studentNumber') students.add(v);
      if (isCodeKey(key)) units.add(v);
    } else if (v !== null && typeof v === 'object') {
      if (key === 'studentNumbers') addStrings(students, v);
      if (isPathKey(key)) addStrings(units, v);
      walk(v, students, units, depth + 1);
    }
  }
}
