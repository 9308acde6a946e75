import type { ExportedEntry } from './log-selection';

export type ExportFormat = 'csv' | 'jsonl';

export const CSV_COLUMNS = [
  'seq',
  'event_id',
  'context',
  'stream_seq',
  'stream_id',
  'stream_version',
  'type',
  'schema_version',
  'occurred_at',
  'actor',
  'correlation_id',
  'student_numbers',
  'unit_codes',
  'data',
  'prev_hash',
  'hash',
  'chain_hash',
  'ingested_at',
] as const;

/** RFC 4180 field: quoted when it holds a comma, quote, CR or LF; quotes doubled. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function csvHeader(): string {
  return `${CSV_COLUMNS.join(',')}\r\n`;
}

/** One CSV record: lists joined with ';', data as JSON. */
export function csvRecord(e: ExportedEntry): string {
  const values = [
    String(e.seq),
    e.eventId,
    e.context,
    String(e.streamSeq),
    e.streamId,
    String(e.streamVersion),
    e.type,
    String(e.schemaVersion),
    e.occurredAt,
    e.actor,
    e.correlationId ?? '',
    e.studentNumbers.join(';'),
    e.unitCodes.join(';'),
    JSON.stringify(e.data),
    e.prevHash,
    e.hash,
    e.chainHash,
    e.ingestedAt,
  ];
  return `${values.map(csvField).join(',')}\r\n`;
}

export function jsonLine(e: ExportedEntry): string {
  return `${JSON.stringify(e)}\n`;
}
