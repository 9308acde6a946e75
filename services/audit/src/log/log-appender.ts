import { crashPoint } from '@bulwark/event-store/crash-point';
import type { Pool } from 'pg';
import type { StreamHead } from './chains';
import { oneRow } from '../one-row';
import { copyIn } from './copy-in';
import { COPY_COLUMNS, ingestStatement } from './ingest-statement';
import { ChainHead, Incident, LinkedBatch, LinkedRows, linkRows } from './linked-rows';
import type { PreparedMessages } from './prepared-messages';
import { StreamHeads } from './stream-heads';

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

interface ChainHeadRow {
  seq: string;
  hash: string;
}

interface CheckpointAndLiveRow {
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
      const locked = oneRow(
        await tx.query<ChainHeadRow>('SELECT seq, hash FROM audit_chain_head FOR UPDATE'),
        'the chain head',
      );
      // Read only now, with the head held: a statement's snapshot is taken when it starts, so
      // one that waited for the lock behind a rebuild's switch would still see the version
      // the switch retired, and feed it instead of the new live one.
      const head = oneRow(
        await tx.query<CheckpointAndLiveRow>(
          `SELECT (SELECT stream_seq FROM audit_ingest_checkpoints WHERE context = $1) AS stream_seq,
                  (SELECT json_agg(json_build_object('view', view, 'version', version))
                     FROM view_versions WHERE status = 'live') AS live`,
          [context],
        ),
        'the checkpoint and live views',
      );
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
      const start: ChainHead = { seq: Number(locked.seq), hash: locked.hash };
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
        if (prepared.streamSeqOf(i) <= checkpoint) continue;
        if (lookUpIds) eventIds.push(prepared.eventIdOf(i));
        const stream = prepared.streamIdOf(i);
        if (heads.has(stream) || unknown.has(stream)) continue;
        const head = this.knownHeads.get(context, stream);
        if (head) heads.set(stream, head);
        else unknown.add(stream);
      }
    }
    if (!lookUpIds && unknown.size === 0) return { ids: new Set(), heads };
    const found = await tx.query<{ dups: string[] | null; heads: HeadOf[] | null }>(
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
    const { dups, heads: logged } = oneRow(found, 'the batch lookups');
    for (const h of logged ?? []) heads.set(h.stream, { version: h.version, hash: h.hash });
    return { ids: new Set(dups ?? []), heads };
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
