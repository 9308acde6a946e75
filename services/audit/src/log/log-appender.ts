import { isUtf8 } from 'node:buffer';
import { crashPoint } from '@bulwark/event-store';
import type { Pool } from 'pg';
import { viewDefinitions, viewTable, columnNames, isViewName } from '../views/view-definitions';
import { arrayLiteral, copyIn, copyText } from './copy-in';
import { BrokenLink, checkStreamLink, globalLink, recomputeEventHash, StreamHead } from './chains';
import { LogFields, logFieldsOf, readEnvelope, UnreadableEnvelope } from './log-entry';

/** A message as it came off a context's stream. */
export interface ArrivedMessage {
  streamSeq: number;
  data: Uint8Array;
}

/**
 * A message read and hashed, ready to append: the costly part (parsing, recomputing the
 * event's own hash, writing most of its log row) needs no database state, so it is done
 * outside the transaction, while the previous batch's transaction runs. It keeps the
 * envelope's bytes, not its text nor the parsed envelope: they go into the global chain and
 * the log row as they are, and bytes held while the batch waits cost the heap nothing.
 */
export type PreparedMessage =
  | {
      streamSeq: number;
      entry: LogFields;
      computedHash: string;
      /** The envelope as the log keeps it, UTF-8 encoded. */
      bytes: Buffer;
      /** The log row's columns from event_id to unit_codes, in COPY text format (see rowHead). */
      head: string;
      /** `bytes` in COPY text format: the same bytes unless they hold a character to escape. */
      envelope: Buffer;
    }
  | { streamSeq: number; unreadable: string };

export function prepareMessages(context: string, messages: ArrivedMessage[]): PreparedMessage[] {
  return messages.map((m) => {
    const data = Buffer.from(m.data.buffer, m.data.byteOffset, m.data.byteLength);
    const raw = data.toString('utf8');
    try {
      const envelope = readEnvelope(raw);
      const entry = logFieldsOf(context, m.streamSeq, envelope);
      const computedHash = recomputeEventHash(envelope, entry);
      // The log keeps the text decoded from the message: its bytes, unless they are not UTF-8
      // (decoding replaced what was not). A copy: the message's buffer is the client's.
      const bytes = isUtf8(data) ? Buffer.from(data) : Buffer.from(raw, 'utf8');
      const envelopeText = needsEscape(bytes) ? Buffer.from(copyText(raw), 'utf8') : bytes;
      return {
        streamSeq: m.streamSeq,
        entry,
        computedHash,
        bytes,
        head: rowHead(entry),
        envelope: envelopeText,
      };
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
    try {
      return await this.appendOnce(context, messages, false);
    } catch (error) {
      // An event id the log already holds (an event published again, e.g. by a relay that
      // restarted before it recorded the publication): the log's unique event id refused the
      // batch whole. Append it again, this time looking every id up first.
      if (!isRepeatedEventId(error)) throw error;
      return this.appendOnce(context, messages, true);
    }
  }

  /**
   * One try at a batch. An event id repeated within the batch is always skipped; whether one
   * is already in the log is looked up only when `lookUpIds` (an event seldom comes twice, and
   * the unique index says so anyway: see append).
   */
  private async appendOnce(
    context: string,
    messages: PreparedMessage[],
    lookUpIds: boolean,
  ): Promise<AppendSummary> {
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
      const readable: Readable[] = [];
      for (const m of fresh) {
        if ('entry' in m) {
          readable.push(m);
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

      const known = await this.lookups(
        tx,
        context,
        readable.map((m) => m.entry),
        lookUpIds,
      );
      const firstSeq = Number(head.seq) + 1;
      let seq = Number(head.seq);
      let chain = head.hash;
      // The log rows, in COPY text format: the envelope goes in as it arrived, byte for byte.
      // Written straight into one buffer of the batch's size: no piece is made and copied twice.
      const rows: { start: string; envelope: Buffer; end: string }[] = [];
      let size = 0;
      const heads = known.heads;
      let duplicates = messages.length - fresh.length;
      for (const { entry: e, computedHash, bytes, head: rowStart, envelope } of readable) {
        if (known.ids.has(e.eventId)) {
          duplicates += 1;
          continue;
        }
        known.ids.add(e.eventId);
        seq += 1;
        const link = {
          subject: e.streamId,
          streamversion: e.streamVersion,
          prevhash: e.prevHash,
          hash: e.hash,
        };
        for (const b of checkStreamLink(heads.get(e.streamId) ?? null, link, computedHash))
          incidents.push(incidentOf(b, e, seq));
        heads.set(e.streamId, { version: e.streamVersion, hash: e.hash });
        const prev = chain;
        chain = globalLink(prev, { seq, context, streamSeq: e.streamSeq, raw: bytes });
        const row = {
          start: `${seq}\t${rowStart}\t`,
          envelope,
          end: `\t${copyText(e.prevHash)}\t${copyText(e.hash)}\t${prev}\t${chain}\n`,
        };
        size += Buffer.byteLength(row.start) + envelope.length + Buffer.byteLength(row.end);
        rows.push(row);
      }
      crashPoint('audit.before-write');
      const appended = rows.length;
      if (appended > 0) {
        const data = Buffer.allocUnsafe(size);
        let at = 0;
        for (const row of rows) {
          at += data.write(row.start, at);
          at += row.envelope.copy(data, at);
          at += data.write(row.end, at);
        }
        await copyIn(tx, `audit_log (${LOG_COLUMNS})`, data);
      }
      await tx.query(
        ingestStatement(context, appended > 0, head.live ?? []),
        appended > 0
          ? [JSON.stringify(incidents), context, seq, chain, lastStreamSeq, firstSeq]
          : [JSON.stringify(incidents), context, lastStreamSeq],
      );
      crashPoint('audit.before-commit');
      await tx.query('COMMIT');
      crashPoint('audit.after-commit');
      if (this.knownHeads.size > 300_000) this.knownHeads.clear();
      for (const [stream, h] of heads) this.knownHeads.set(`${context}\n${stream}`, h);
      return {
        appended,
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

  /**
   * Event ids of the batch already in the log (when `lookUpIds`), and the heads of the
   * batch's streams.
   */
  private async lookups(
    tx: { query: Pool['query'] },
    context: string,
    entries: LogFields[],
    lookUpIds: boolean,
  ): Promise<{ ids: Set<string>; heads: Map<string, StreamHead> }> {
    if (entries.length === 0) return { ids: new Set(), heads: new Map() };
    const heads = new Map<string, StreamHead>();
    const unknown: string[] = [];
    for (const stream of new Set(entries.map((e) => e.streamId))) {
      const head = this.knownHeads.get(`${context}\n${stream}`);
      if (head) heads.set(stream, head);
      else unknown.push(stream);
    }
    if (!lookUpIds && unknown.length === 0) return { ids: new Set(), heads };
    const { rows } = await tx.query<{ dups: string[] | null; heads: HeadOf[] | null }>(
      `SELECT (SELECT array_agg(event_id::text) FROM audit_log WHERE event_id = ANY($1::uuid[])) AS dups,
              (SELECT json_agg(json_build_object('stream', s.stream_id, 'version', h.stream_version, 'hash', h.hash))
                 FROM unnest($3::text[]) AS s(stream_id)
                 JOIN LATERAL (SELECT stream_version, hash FROM audit_log
                                WHERE context = $2 AND stream_id = s.stream_id
                                ORDER BY stream_version DESC, seq DESC LIMIT 1) h ON true) AS heads`,
      [lookUpIds ? entries.map((e) => e.eventId) : [], context, unknown],
    );
    for (const h of rows[0].heads ?? []) heads.set(h.stream, { version: h.version, hash: h.hash });
    return { ids: new Set(rows[0].dups ?? []), heads };
  }
}

/** The log's unique event id refused a row (PostgreSQL unique_violation on it). */
function isRepeatedEventId(error: unknown): boolean {
  const e = error as { code?: string; constraint?: string } | null;
  return e?.code === '23505' && e.constraint === 'audit_log_event_id_key';
}

interface HeadOf {
  stream: string;
  version: number;
  hash: string;
}

function incidentOf(b: BrokenLink, e: LogFields, seq: number): Incident {
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

type Readable = Extract<PreparedMessage, { entry: LogFields }>;

const LOG_COLUMNS = `seq, event_id, context, stream_seq, stream_id, stream_version, type, schema_version,
  occurred_at, actor, correlation_id, student_numbers, unit_codes, envelope, prev_hash, hash, chain_prev,
  chain_hash`;

/**
 * A log row's columns from event_id to unit_codes (LOG_COLUMNS from the second up to the
 * envelope), in COPY text format.
 */
function rowHead(e: LogFields): string {
  const t = '\t';
  return (
    copyText(e.eventId) +
    t +
    copyText(e.context) +
    t +
    e.streamSeq +
    t +
    copyText(e.streamId) +
    t +
    e.streamVersion +
    t +
    copyText(e.type) +
    t +
    e.schemaVersion +
    t +
    e.occurredAt +
    t +
    copyText(e.actor) +
    t +
    copyText(e.correlationId) +
    t +
    copyText(arrayLiteral(e.studentNumbers)) +
    t +
    copyText(arrayLiteral(e.unitCodes))
  );
}

/** Whether text in these bytes must be escaped for COPY: a backslash, newline, return or tab. */
function needsEscape(bytes: Buffer): boolean {
  return (
    bytes.includes(0x5c) || bytes.includes(0x0a) || bytes.includes(0x0d) || bytes.includes(0x09)
  );
}

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
 * One statement for everything a batch writes after its log rows (COPY, just before it, in
 * the same transaction): the facts of every live view (taken from the rows just appended),
 * incidents, chain head, checkpoint, watermarks and the batch's commit record (which maps an
 * instant to a log position for "as of" questions). A view fed only by another context has
 * nothing to take from this batch and is left out.
 */
function ingestStatement(
  context: string,
  withRows: boolean,
  live: { view: string; version: number }[],
): string {
  if (!withRows) {
    return `WITH inc AS (${INCIDENTS.replace('$INC', '$1')}) ${CHECKPOINT.replace('$CP', '$3')}`;
  }
  const views = live
    .filter((v) => isViewName(v.view))
    .map((v) => ({
      def: viewDefinitions[v.view as keyof typeof viewDefinitions],
      version: v.version,
    }))
    .filter(({ def }) => def.context === undefined || def.context === context)
    .map(
      ({ def, version }, i) =>
        `v${i} AS (INSERT INTO ${viewTable(def.name, version)} (${columnNames(def).join(', ')})
        ${def.factsFrom('audit_log', 'l.seq >= $6::bigint AND l.seq <= $3::bigint')})`,
    );
  return `
    WITH t AS MATERIALIZED (SELECT clock_timestamp() AS at),
    ${views.map((v) => `${v},`).join('\n')}
    inc AS (${INCIDENTS.replace('$INC', '$1')}),
    head AS (UPDATE audit_chain_head SET seq = $3::bigint, hash = $4),
    cp AS (${CHECKPOINT.replace('$CP', '$5')}),
    wm AS (UPDATE view_versions SET watermark = $3::bigint WHERE status = 'live'),
    batch AS (INSERT INTO audit_ingest_batches (last_seq, first_seq, context, events, committed_at)
              SELECT $3::bigint, $6::bigint, $2, $3::bigint - $6::bigint + 1, at FROM t)
    SELECT 1`;
}
