import { crashPoint } from '@bulwark/event-store/crash-point';
import type { Pool } from 'pg';
import { viewDefinitions, viewTable, columnNames, isViewName } from '../views/view-definitions';
import { copyIn } from './copy-in';
import { BrokenLink, checkStreamLink, globalLink, StreamHead } from './chains';
import { StreamHeads } from './stream-heads';
import {
  LOG_PLACE_COLUMNS,
  LOG_ROW_COLUMNS,
  PreparedMessages,
  writePlace,
} from './prepared-messages';

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
  /** Whether the batch went in as `link` had linked it ahead of its transaction. */
  linkedAhead: boolean;
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
  private readonly knownHeads = new StreamHeads();
  /**
   * Where the global chain and the streams will stand once the batches linked so far commit:
   * what `link` builds on. A guess, checked under the chain head's lock before it is used.
   */
  private chainAhead: ChainHead | null = null;
  private readonly headsAhead = new StreamHeads();

  constructor(private readonly pool: Pool) {}

  forget(): void {
    this.knownHeads.clear();
    this.chainAhead = null;
    this.headsAhead.clear();
  }

  /**
   * Links a prepared batch to the log ahead of its transaction (positions, stream checks,
   * global chain, each row's place written), assuming the batches linked before it commit
   * first, so that this work is done while they are written, not after. The transaction uses
   * it only if the chain's head is, under its lock, where this assumed (see appendOnce).
   * Null when there is nothing to build on: no batch linked since ingestion started, or a
   * stream whose head only the log knows.
   */
  link(context: string, batch: PreparedMessages[]): LinkedBatch | null {
    const after = this.chainAhead;
    if (!after) return null;
    const heads = new Map<string, StreamHead>();
    for (const prepared of batch) {
      for (const stream of prepared.streamId) {
        if (heads.has(stream)) continue;
        const head = this.headsAhead.get(context, stream) ?? this.knownHeads.get(context, stream);
        if (!head) return null;
        heads.set(stream, head);
      }
    }
    const linked = { after, ...linkRows(context, batch, 0, after, heads, new Set()) };
    this.linkedAhead(context, linked);
    return linked;
  }

  /**
   * `onWriting` is called once the batch's rows are on their way to PostgreSQL: from then on
   * the transaction needs little of this process until it ends. `linked`: the batch as `link`
   * linked it, if it did.
   */
  async append(
    context: string,
    batch: PreparedMessages[],
    onWriting?: () => void,
    linked?: LinkedBatch | null,
  ): Promise<AppendSummary> {
    try {
      return await this.appendOnce(context, batch, false, onWriting, linked ?? null);
    } catch (error) {
      // An event id the log already holds (an event published again, e.g. by a relay that
      // restarted before it recorded the publication): the log's unique event id refused the
      // batch whole. Append it again, this time looking every id up first.
      if (!isRepeatedEventId(error)) throw error;
      return this.appendOnce(context, batch, true, onWriting, null);
    }
  }

  /**
   * One try at a batch. An event id repeated within the batch is always skipped; whether one
   * is already in the log is looked up only when `lookUpIds` (an event seldom comes twice, and
   * the unique index says so anyway: see append).
   */
  private async appendOnce(
    context: string,
    batch: PreparedMessages[],
    lookUpIds: boolean,
    onWriting: (() => void) | undefined,
    linked: LinkedBatch | null,
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
      // Messages at or below the checkpoint are in the log already (a redelivery).
      let messages = 0;
      let fresh = 0;
      let lastStreamSeq = checkpoint;
      const incidents: Incident[] = [];
      for (const prepared of batch) {
        for (const seen of [prepared.streamSeq, prepared.unreadable.map((u) => u.streamSeq)]) {
          for (const streamSeq of seen) {
            messages += 1;
            if (streamSeq > checkpoint) fresh += 1;
            if (streamSeq > lastStreamSeq) lastStreamSeq = streamSeq;
          }
        }
        for (const u of prepared.unreadable) {
          if (u.streamSeq <= checkpoint) continue;
          incidents.push({
            kind: 'unreadable-envelope',
            stream_seq: u.streamSeq,
            stream_id: null,
            stream_version: null,
            event_id: null,
            seq: null,
            expected: null,
            stored_hash: null,
            computed_hash: null,
            detail: u.detail,
          });
        }
      }
      const start: ChainHead = { seq: Number(head.seq), hash: head.hash };
      let rows: LinkedRows;
      let linkedAhead = false;
      if (
        linked &&
        !lookUpIds &&
        fresh === messages &&
        linked.after.seq === start.seq &&
        linked.after.hash === start.hash
      ) {
        // Linked ahead on exactly this head: nothing of it can have changed.
        rows = linked;
        linkedAhead = true;
      } else {
        const known = await this.lookups(tx, context, batch, checkpoint, lookUpIds);
        rows = linkRows(context, batch, checkpoint, start, known.heads, known.ids);
        this.linkedAhead(context, rows);
      }
      incidents.push(...rows.incidents);
      const { seq, chain } = rows;
      const appended = seq - start.seq;
      const duplicates = messages - fresh + rows.duplicates;
      crashPoint('audit.before-write');
      if (appended > 0) {
        const copied = copyIn(tx, `audit_log (${COPY_COLUMNS})`, rows.runs);
        onWriting?.();
        await copied;
      }
      await tx.query(
        ingestStatement(context, appended > 0, head.live ?? []),
        appended > 0
          ? [JSON.stringify(incidents), context, seq, chain, lastStreamSeq, start.seq + 1]
          : [JSON.stringify(incidents), context, lastStreamSeq],
      );
      crashPoint('audit.before-commit');
      await tx.query('COMMIT');
      crashPoint('audit.after-commit');
      this.knownHeads.setAll(context, rows.heads);
      return {
        appended,
        duplicates,
        incidents: incidents.length,
        streamSeq: lastStreamSeq,
        seq,
        linkedAhead,
      };
    } catch (error) {
      this.forget();
      await tx.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      tx.release();
    }
  }

  /** What the next `link` builds on: the log as it will be once `rows` commit. */
  private linkedAhead(context: string, rows: LinkedRows): void {
    this.chainAhead = { seq: rows.seq, hash: rows.chain };
    this.headsAhead.setAll(context, rows.heads);
  }

  /**
   * Event ids of the batch already in the log (when `lookUpIds`), and the heads of the
   * batch's streams. A stream's entries are found by its id alone (the fence, OFFSET 0, keeps
   * the context's index out of it: that would read all of a context's entries per stream).
   */
  private async lookups(
    tx: { query: Pool['query'] },
    context: string,
    batch: PreparedMessages[],
    checkpoint: number,
    lookUpIds: boolean,
  ): Promise<{ ids: Set<string>; heads: Map<string, StreamHead> }> {
    const heads = new Map<string, StreamHead>();
    const unknown = new Set<string>();
    const eventIds: string[] = [];
    for (const prepared of batch) {
      for (let i = 0; i < prepared.length; i += 1) {
        if (prepared.streamSeq[i] <= checkpoint) continue;
        if (lookUpIds) eventIds.push(prepared.eventId[i]);
        const stream = prepared.streamId[i];
        if (heads.has(stream) || unknown.has(stream)) continue;
        const head = this.knownHeads.get(context, stream);
        if (head) heads.set(stream, head);
        else unknown.add(stream);
      }
    }
    if (!lookUpIds && unknown.size === 0) return { ids: new Set(), heads };
    const { rows } = await tx.query<{ dups: string[] | null; heads: HeadOf[] | null }>(
      `SELECT (SELECT array_agg(event_id::text) FROM audit_log WHERE event_id = ANY($1::uuid[])) AS dups,
              (SELECT json_agg(json_build_object('stream', s.stream_id, 'version', h.stream_version, 'hash', h.hash))
                 FROM unnest($3::text[]) AS s(stream_id)
                 JOIN LATERAL (SELECT stream_version, hash
                                 FROM (SELECT context, stream_version, seq, hash FROM audit_log
                                        WHERE stream_id = s.stream_id OFFSET 0) e
                                WHERE e.context = $2
                                ORDER BY stream_version DESC, seq DESC LIMIT 1) h ON true) AS heads`,
      [eventIds, context, [...unknown]],
    );
    for (const h of rows[0].heads ?? []) heads.set(h.stream, { version: h.version, hash: h.hash });
    return { ids: new Set(rows[0].dups ?? []), heads };
  }
}

/** The global chain's head: the last position in the log and its link. */
interface ChainHead {
  seq: number;
  hash: string;
}

/** A batch linked to the log: what its transaction writes, bar the unreadable messages. */
interface LinkedRows {
  /** The rows to send, places written, as runs of memory in log order. */
  runs: Buffer[];
  /** Breaks of stream links found. */
  incidents: Incident[];
  /** The log's last position and link after the batch. */
  seq: number;
  chain: string;
  /** The heads of the batch's streams after it. */
  heads: Map<string, StreamHead>;
  /** Events skipped: an id seen before. */
  duplicates: number;
}

/** A batch linked ahead of its transaction, and the head it was linked after. */
export interface LinkedBatch extends LinkedRows {
  after: ChainHead;
}

/**
 * Gives each readable message of a batch above `checkpoint`, in order, its place after
 * `start`: checks it against its stream's head (`heads`, updated as it goes), links it into
 * the global chain and writes its place into its row. An id in `ids` (or seen earlier in the
 * batch) is skipped.
 */
function linkRows(
  context: string,
  batch: PreparedMessages[],
  checkpoint: number,
  start: ChainHead,
  heads: Map<string, StreamHead>,
  ids: Set<string>,
): LinkedRows {
  // Rows prepared together lie next to each other, so the batch goes out as a few runs of
  // memory, not copied into one.
  const runs: Buffer[] = [];
  const incidents: Incident[] = [];
  let seq = start.seq;
  let chain = start.hash;
  let duplicates = 0;
  for (const prepared of batch) {
    let runFrom = -1;
    let runTo = -1;
    const endRun = () => {
      if (runFrom < runTo) runs.push(prepared.rows.subarray(runFrom, runTo));
      runFrom = runTo = -1;
    };
    for (let i = 0; i < prepared.length; i += 1) {
      const streamSeq = prepared.streamSeq[i];
      const eventId = prepared.eventId[i];
      if (streamSeq <= checkpoint) {
        endRun();
        continue;
      }
      if (ids.has(eventId)) {
        duplicates += 1;
        endRun();
        continue;
      }
      ids.add(eventId);
      seq += 1;
      const streamId = prepared.streamId[i];
      const link = {
        subject: streamId,
        streamversion: prepared.streamVersion[i],
        prevhash: prepared.prevHash[i],
        hash: prepared.hash[i],
      };
      for (const b of checkStreamLink(heads.get(streamId) ?? null, link, prepared.computedHash(i)))
        incidents.push(incidentOf(b, prepared, i, seq));
      heads.set(streamId, { version: link.streamversion, hash: link.hash });
      const prev = chain;
      chain = globalLink(prev, { seq, context, streamSeq, raw: prepared.envelope(i) });
      writePlace(prepared, i, seq, prev, chain);
      if (runFrom < 0) runFrom = prepared.rowStart[i];
      runTo = prepared.rowStart[i + 1];
    }
    endRun();
  }
  return { runs, incidents, seq, chain, heads, duplicates };
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

function incidentOf(b: BrokenLink, prepared: PreparedMessages, i: number, seq: number): Incident {
  return {
    kind: b.kind,
    stream_seq: prepared.streamSeq[i],
    stream_id: prepared.streamId[i],
    stream_version: prepared.streamVersion[i],
    event_id: prepared.eventId[i],
    seq,
    expected: b.expected,
    stored_hash: b.storedHash,
    computed_hash: b.computedHash,
    detail: b.detail,
  };
}

/** What a batch's COPY writes: a prepared row, then the place the transaction gave it. */
const COPY_COLUMNS = `${LOG_ROW_COLUMNS}, ${LOG_PLACE_COLUMNS}`;

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
 * The batch's log rows, for the views' facts: found by their positions alone. The fence
 * (OFFSET 0) keeps a view's own condition (`context = …`) from choosing another index, which
 * would read all of a context's entries for every batch.
 */
const BATCH_ROWS =
  '(SELECT * FROM audit_log WHERE seq >= $6::bigint AND seq <= $3::bigint OFFSET 0)';

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
        ${def.factsFrom(BATCH_ROWS, 'true')})`,
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
