import type { Pool } from 'pg';
import { oneRow } from '../one-row';

/** Which log entries an export or a log read takes (every field optional). */
export interface LogSelection {
  /** Occurred at or after. */
  from?: string | undefined;
  /** Occurred before. */
  to?: string | undefined;
  streams?: string[] | undefined;
  studentNumber?: string | undefined;
  actor?: string | undefined;
  types?: string[] | undefined;
  contexts?: string[] | undefined;
}

/** A log entry as exported: one CSV row or one JSON line. */
export interface ExportedEntry {
  seq: number;
  eventId: string;
  context: string;
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
  data: unknown;
  prevHash: string;
  hash: string;
  chainHash: string;
  ingestedAt: string;
}

const WHERE = `($2::timestamptz IS NULL OR occurred_at >= $2)
  AND ($3::timestamptz IS NULL OR occurred_at < $3)
  AND ($4::text[] IS NULL OR stream_id = ANY($4))
  AND ($5::text IS NULL OR student_numbers @> ARRAY[$5::text])
  AND ($6::text IS NULL OR actor = $6)
  AND ($7::text[] IS NULL OR type = ANY($7))
  AND ($8::text[] IS NULL OR context = ANY($8))`;

function params(s: LogSelection): unknown[] {
  return [
    s.from ?? null,
    s.to ?? null,
    s.streams?.length ? s.streams : null,
    s.studentNumber ?? null,
    s.actor ?? null,
    s.types?.length ? s.types : null,
    s.contexts?.length ? s.contexts : null,
  ];
}

/** Pages through the log in ingest order: entries after `afterSeq` that match the selection. */
export async function selectLog(
  pool: Pool,
  selection: LogSelection,
  afterSeq: number,
  limit: number,
): Promise<ExportedEntry[]> {
  const { rows } = await pool.query(
    `SELECT seq, event_id, context, stream_seq, stream_id, stream_version, type, schema_version, occurred_at, actor,
            correlation_id, student_numbers, unit_codes, envelope->'data' AS data, prev_hash, hash, chain_hash,
            ingested_at
       FROM audit_log WHERE seq > $1 AND ${WHERE} ORDER BY seq LIMIT $9`,
    [afterSeq, ...params(selection), limit],
  );
  return rows.map((r) => ({
    seq: Number(r.seq),
    eventId: r.event_id,
    context: r.context,
    streamSeq: Number(r.stream_seq),
    streamId: r.stream_id,
    streamVersion: r.stream_version,
    type: r.type,
    schemaVersion: r.schema_version,
    occurredAt: (r.occurred_at as Date).toISOString(),
    actor: r.actor,
    correlationId: r.correlation_id,
    studentNumbers: r.student_numbers,
    unitCodes: r.unit_codes,
    data: r.data,
    prevHash: r.prev_hash,
    hash: r.hash,
    chainHash: r.chain_hash,
    ingestedAt: (r.ingested_at as Date).toISOString(),
  }));
}

/** How many entries match (for progress). */
export async function countLog(pool: Pool, selection: LogSelection): Promise<number> {
  const counted = await pool.query<{ n: string }>(
    `SELECT count(*) AS n FROM audit_log WHERE $1::int IS NULL AND ${WHERE}`,
    [null, ...params(selection)],
  );
  return Number(oneRow(counted, 'the log count').n);
}
