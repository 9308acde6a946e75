import type { RecordedEvent } from '@bulwark/event-store';

/**
 * The wire format: a CloudEvents 1.0 structured JSON envelope. Extension attributes carry
 * what subscribers need to order, de-duplicate, trace and audit an event.
 */
export interface BulwarkCloudEvent<D = unknown> {
  specversion: '1.0';
  id: string;
  source: string;
  /** `bulwark.<context>.<EventType>.v<schema version>` */
  type: string;
  /** The stream id, e.g. `student-2020110001`. */
  subject: string;
  time: string;
  datacontenttype: 'application/json';
  dataschema: string;
  data: D;
  streamversion: number;
  correlationid: string;
  causationid: string | null;
  actor: string;
  commandid: string | null;
  prevhash: string;
  hash: string;
}

export function toCloudEvent<D>(context: string, event: RecordedEvent<D>): BulwarkCloudEvent<D> {
  return {
    specversion: '1.0',
    id: event.eventId,
    source: `urn:bulwark:${context}`,
    type: `bulwark.${context}.${event.type}.v${event.schemaVersion}`,
    subject: event.streamId,
    time: event.occurredAt.toISOString(),
    datacontenttype: 'application/json',
    dataschema: `urn:bulwark:schema:${context}:${event.type}:v${event.schemaVersion}`,
    data: event.data,
    streamversion: event.streamVersion,
    correlationid: event.metadata.correlationId,
    causationid: event.metadata.causationId,
    actor: event.metadata.actor,
    commandid: event.metadata.commandId,
    prevhash: event.prevHash,
    hash: event.hash,
  };
}

/** The event type and schema version named by an envelope's `type`. */
export function eventTypeOf(envelope: Pick<BulwarkCloudEvent, 'type'>): {
  type: string;
  version: number;
} {
  const match = /^bulwark\.[a-z-]+\.([A-Za-z]+)\.v(\d+)$/.exec(envelope.type);
  const [, type, version] = match ?? [];
  if (type === undefined) throw new Error(`not a bulwark event type: ${envelope.type}`);
  return { type, version: Number(version) };
}

/** Parses and checks the shape of an envelope taken off the wire. */
export function parseCloudEvent(bytes: Uint8Array): BulwarkCloudEvent {
  const value = JSON.parse(Buffer.from(bytes).toString('utf8')) as BulwarkCloudEvent;
  for (const field of ['id', 'type', 'source', 'subject', 'time'] as const) {
    if (typeof value?.[field] !== 'string') throw new Error(`envelope without ${field}`);
  }
  if (value.specversion !== '1.0')
    throw new Error(`unsupported specversion ${String(value.specversion)}`);
  return value;
}
