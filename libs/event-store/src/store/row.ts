import type { EventMetadata, RecordedEvent } from '../types';

/** Columns every event read selects, in one place so reads and verification agree. */
export const EVENT_COLUMNS = `global_position, transaction_id::text AS transaction_id, event_id, stream_id,
  stream_version, type, schema_version, data, metadata, occurred_at, prev_hash, hash`;

/** The same columns of `events e`, for a query that joins it. */
export const EVENT_COLUMNS_OF_E = EVENT_COLUMNS.split(',')
  .map((c) => `e.${c.trim()}`)
  .join(', ');

export interface EventRow {
  global_position: string;
  transaction_id: string;
  event_id: string;
  stream_id: string;
  stream_version: number;
  type: string;
  schema_version: number;
  data: unknown;
  metadata: EventMetadata;
  occurred_at: Date;
  prev_hash: string;
  hash: string;
}

export function toRecordedEvent(row: EventRow): RecordedEvent {
  return {
    globalPosition: BigInt(row.global_position),
    transactionId: BigInt(row.transaction_id),
    eventId: row.event_id,
    streamId: row.stream_id,
    streamVersion: row.stream_version,
    type: row.type,
    schemaVersion: row.schema_version,
    data: row.data,
    metadata: row.metadata,
    occurredAt: row.occurred_at,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}
