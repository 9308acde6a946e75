import { crashPoint } from '@bulwark/event-store';
import type { Pool } from 'pg';
import { viewDefinitions, viewTable, columnNames, isViewName } from '../views/view-definitions';
import { BrokenLink, checkStreamLink, globalLink, recomputeEventHash, StreamHead } from './chains';
import { LogEntry, logEntryOf, readEnvelope, UnreadableEnvelope } from './log-entry';

/** A message as it came off a context's stream. */
export interface ArrivedMessage {
  streamSeq: number;
  data: Uint8Array;
}

/**
 * A message read and hashed, ready to append: the costly part (parsing, recomputing the
 * event's own hash) needs no database state, so it is done outside the transaction, while
 * the previous batch's transaction runs.
 */
export type PreparedMessage =
  | { streamSeq: number; entry: LogEntry; computedHash: string; raw: string }
  | { streamSeq: number; unreadable: string };

export function prepareMessages(context: string, messages: ArrivedMessage[]): PreparedMessage[] {
  return messages.map((m) => {
    const raw = Buffer.from(m.data).toString('utf8');
    try {
      const entry = logEntryOf(context, m.streamSeq, readEnvelope(raw));
      const computedHash = recomputeEventHash(entry.envelope);
      return { streamSeq: m.streamSeq, entry, computedHash, raw };
    } catch (error) {
      if (!(error instanceof UnreadableEnvelope)) throw error;
      return { streamSeq: m.streamSeq, unreadable: `${error.message}: ${raw.slice(0, 2000)}` };
    }
  });
}

export interface AppendSummary {
  /** New log entries. */
  appended: number;
  /** Already in the log (same stream sequence, or same event id): changed nothing. */
  duplicates: number;
  /** Integrity incidents raised by this batch. */
  incidents: number;
  /** The context's stream sequence the log now holds up to. */
  streamSeq: number;
  /** The log position after this batch. */
  seq: number;
}

interface Incident {
  kind: string;
  stream_seq: number;
  stream_id: string | null;
  stream_version: number | null;
  event_id: string | null;
  seq: number | null;
  expected: string | null;
  stored_hash: string | null;
  computed_hash: string | null;
  detail: string;
}

interface HeadRow {
  seq: string;
  hash: string;
  stream_seq: string | null;
  live: { view: string; version: number }[] | null;
}

/**
 * Appends a batch of one context's messages to the audit log in one transaction: assigns the
 * next log positions under the lock of the global chain's head (so the chain has one strict
 * order), checks each event's link to its stream's previous event, records any break as an
 * integrity incident, links the global chain, feeds every live view, and moves the context's
 * checkpoint. Messages at or below the checkpoint, or whose event id is already in the log,
 * change nothing: a redelivery after a crash is harmless.
 */
export class LogAppender {
  /**
   * Heads of streams this appender has seen committed, so a batch reads only the heads of
   * streams new to it. Valid while this process is the only ingester (the ingest lease);
   * forgotten on any failure and whenever ingestion starts over.
   */
  private readonly knownHeads = new Map<string, StreamHead>();

  constructor(private readonly pool: Pool) {}

  forget(): void {
    this.knownHeads.clear();
  }

  async append(context: string, messages: PreparedMessage[]): Promise<AppendSummary> {
    const tx = await this.pool.connect();
    try {
      await tx.query('BEGIN');
      const head = (
        await tx.query<HeadRow>(
          `SELECT h.seq, h.hash, c.stream_seq,
                  (SELECT json_agg(json_build_object('view', view, 'version', version))
                     FROM view_versions WHERE status = 'live') AS live
             FROM audit_chain_head h
             LEFT JOIN audit_ingest_checkpoints c ON c.context = $1
              FOR UPDATE OF h`,
          [context],
        )
      ).rows[0];
      const checkpoint = Number(head.stream_seq ?? 0);
      const fresh = messages.filter((m) => m.streamSeq > checkpoint);
      const lastStreamSeq = Math.max(checkpoint, ...messages.map((m) => m.streamSeq));

      const incidents: Incident[] = [];
      const readable: (LogEntry & { computedHash: string; raw: string })[] = [];
      for (const m of fresh) {
        if ('entry' in m) {
          readable.push({ ...m.entry, computedHash: m.computedHash, raw: m.raw });
        } else {
          incidents.push({
            kind: 'unreadable-envelope',
            stream_seq: m.streamSeq,
            stream_id: null,
            stream_version: null,
            event_id: null,
            seq: null,
            expected: null,
            stored_hash: null,
            computed_hash: null,
            detail: m.unreadable,
          });
        }
      }

      const known = await this.lookups(tx, context, readable);
      let seq = Number(head.seq);
      let chain = head.hash;
      const rows: unknown[] = [];
      const envelopes: string[] = [];
      const heads = known.heads;
      let duplicates = messages.length - fresh.length;
      for (const e of readable) {
        if (known.ids.has(e.eventId)) {
          duplicates += 1;
          continue;
        }
        known.ids.add(e.eventId);
        seq += 1;
        for (const b of checkStreamLink(heads.get(e.streamId) ?? null, e.envelope, e.computedHash))
          incidents.push(incidentOf(b, e, seq));
        heads.set(e.streamId, { version: e.streamVersion, hash: e.hash });
        const prev = chain;
        chain = globalLink(prev, { seq, context, streamSeq: e.streamSeq, raw: e.raw });
        // The envelope goes in as it arrived, beside the other columns (see ingestStatement).
        envelopes.push(e.raw);
        rows.push({
          n: envelopes.length,
          seq,
          event_id: e.eventId,
          stream_seq: e.streamSeq,
          stream_id: e.streamId,
          stream_version: e.streamVersion,
          type: e.type,
          schema_version: e.schemaVersion,
          occurred_at: e.occurredAt,
          actor: e.actor,
          correlation_id: e.correlationId,
          student_numbers: e.studentNumbers,
          unit_codes: e.unitCodes,
          prev_hash: e.prevHash,
          hash: e.hash,
          chain_prev: prev,
          chain_hash: chain,
        });
      }
      crashPoint('audit.before-write');
      await tx.query(
        ingestStatement(rows.length > 0, head.live ?? []),
        rows.length > 0
          ? [
              JSON.stringify(rows),
              context,
              JSON.stringify(incidents),
              seq,
              chain,
              lastStreamSeq,
              Number(head.seq) + 1,
              envelopes.join(RECORD_SEPARATOR),
            ]
          : [JSON.stringify(incidents), context, lastStreamSeq],
      );
      crashPoint('audit.before-commit');
      await tx.query('COMMIT');
      crashPoint('audit.after-commit');
      if (this.knownHeads.size > 300_000) this.knownHeads.clear();
      for (const [stream, h] of heads) this.knownHeads.set(`${context}\n${stream}`, h);
      return {
        appended: rows.length,
        duplicates,
        incidents: incidents.length,
        streamSeq: lastStreamSeq,
        seq,
      };
    } catch (error) {
      this.forget();
      await tx.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      tx.release();
    }
  }

  /** Event ids of the batch already in the log, and the heads of the batch's streams. */
  private async lookups(
    tx: { query: Pool['query'] },
    context: string,
    entries: LogEntry[],
  ): Promise<{ ids: Set<string>; heads: Map<string, StreamHead> }> {
    if (entries.length === 0) return { ids: new Set(), heads: new Map() };
    const heads = new Map<string, StreamHead>();
    const unknown: string[] = [];
    for (const stream of new Set(entries.map((e) => e.streamId))) {
      const head = this.knownHeads.get(`${context}\n${stream}`);
      if (head) heads.set(stream, head);
      else unknown.push(stream);
    }
    const { rows } = await tx.query<{ dups: string[] | null; heads: HeadOf[] | null }>(
      `SELECT (SELECT array_agg(event_id::text) FROM audit_log WHERE event_id = ANY($1::uuid[])) AS dups,
              (SELECT json_agg(json_build_object('stream', s.stream_id, 'version', h.stream_version, 'hash', h.hash))
                 FROM unnest($3::text[]) AS s(stream_id)
                 JOIN LATERAL (SELECT stream_version, hash FROM audit_log
                                WHERE context = $2 AND stream_id = s.stream_id
                                ORDER BY stream_version DESC, seq DESC LIMIT 1) h ON true) AS heads`,
      [entries.map((e) => e.eventId), context, unknown],
    );
    for (const h of rows[0].heads ?? []) heads.set(h.stream, { version: h.version, hash: h.hash });
    return { ids: new Set(rows[0].dups ?? []), heads };
  }
}

interface HeadOf {
  stream: string;
  version: number;
  hash: string;
}

function incidentOf(b: BrokenLink, e: LogEntry, seq: number): Incident {
  return {
    kind: b.kind,
    stream_seq: e.streamSeq,
    stream_id: e.streamId,
    stream_version: e.streamVersion,
    event_id: e.eventId,
    seq,
    expected: b.expected,
    stored_hash: b.storedHash,
    computed_hash: b.computedHash,
    detail: b.detail,
  };
}

/**
 * Envelopes travel to PostgreSQL as their own text, joined by the ASCII record separator,
 * which JSON text can never contain: PostgreSQL then parses each only once, as it stores it.
 */
const RECORD_SEPARATOR = '\u001e';

const INCIDENTS = `INSERT INTO integrity_incidents (kind, context, stream_seq, stream_id, stream_version, event_id,
         seq, expected, stored_hash, computed_hash, detail)
       SELECT i.kind, $2, i.stream_seq, i.stream_id, i.stream_version, i.event_id, i.seq, i.expected,
              i.stored_hash, i.computed_hash, i.detail
         FROM jsonb_to_recordset($INC::jsonb) AS i(kind text, stream_seq bigint, stream_id text,
              stream_version integer, event_id text, seq bigint, expected text, stored_hash text,
              computed_hash text, detail text)
       ON CONFLICT DO NOTHING`;

const CHECKPOINT = `INSERT INTO audit_ingest_checkpoints (context, stream_seq, updated_at) VALUES ($2, $CP, now())
       ON CONFLICT (context) DO UPDATE SET stream_seq = EXCLUDED.stream_seq, updated_at = now()`;

/**
 * One statement for everything a batch writes: the log rows, the facts of every live view
 * (taken from the rows just inserted), incidents, chain head, checkpoint, watermarks and the
 * batch's commit record (which maps an instant to a log position for "as of" questions).
 */
function ingestStatement(withRows: boolean, live: { view: string; version: number }[]): string {
  if (!withRows) {
    return `WITH inc AS (${INCIDENTS.replace('$INC', '$1')}) ${CHECKPOINT.replace('$CP', '$3')}`;
  }
  const views = live
    .filter((v) => isViewName(v.view))
    .map((v, i) => {
      const def = viewDefinitions[v.view as keyof typeof viewDefinitions];
      return `v${i} AS (INSERT INTO ${viewTable(def.name, v.version)} (${columnNames(def).join(', ')})
        ${def.factsFrom('ins', 'true')})`;
    });
  return `
    WITH t AS MATERIALIZED (SELECT clock_timestamp() AS at),
    ins AS (
      INSERT INTO audit_log (seq, event_id, context, stream_seq, stream_id, stream_version, type, schema_version,
             occurred_at, actor, correlation_id, student_numbers, unit_codes, envelope, prev_hash, hash,
             chain_prev, chain_hash, ingested_at)
      SELECT r.seq, r.event_id, $2, r.stream_seq, r.stream_id, r.stream_version, r.type, r.schema_version,
             r.occurred_at, r.actor, r.correlation_id, r.student_numbers, r.unit_codes, e.envelope::json, r.prev_hash,
             r.hash, r.chain_prev, r.chain_hash, (SELECT at FROM t)
        FROM json_to_recordset($1::json) AS r(n bigint, seq bigint, event_id uuid, stream_seq bigint, stream_id text,
             stream_version integer, type text, schema_version integer, occurred_at timestamptz, actor text,
             correlation_id text, student_numbers text[], unit_codes text[], prev_hash text, hash text,
             chain_prev text, chain_hash text)
        JOIN string_to_table($8::text, E'\\x1e') WITH ORDINALITY AS e(envelope, n) ON e.n = r.n
      RETURNING *
    ),
    ${views.map((v) => `${v},`).join('\n')}
    inc AS (${INCIDENTS.replace('$INC', '$3')}),
    head AS (UPDATE audit_chain_head SET seq = $4::bigint, hash = $5),
    cp AS (${CHECKPOINT.replace('$CP', '$6')}),
    wm AS (UPDATE view_versions SET watermark = $4::bigint WHERE status = 'live'),
    batch AS (INSERT INTO audit_ingest_batches (last_seq, first_seq, context, events, committed_at)
              SELECT $4::bigint, $7::bigint, $2, $4::bigint - $7::bigint + 1, at FROM t)
    SELECT count(*) FROM ins`;
}
