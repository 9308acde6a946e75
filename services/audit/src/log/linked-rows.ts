import { BrokenLink, checkStreamLink, globalLink, StreamHead } from './chains';
import { PreparedMessages, writePlace } from './prepared-messages';

/** A break found at ingest, as written to `integrity_incidents`. */
export interface Incident {
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

/** The global chain's head: the last position in the log and its link. */
export interface ChainHead {
  seq: number;
  hash: string;
}

/** A batch linked to the log: what its transaction writes, bar the unreadable messages. */
export interface LinkedRows {
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
export function linkRows(
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
      const streamSeq = prepared.streamSeqOf(i);
      const eventId = prepared.eventIdOf(i);
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
      const streamId = prepared.streamIdOf(i);
      const link = {
        subject: streamId,
        streamversion: prepared.streamVersionOf(i),
        prevhash: prepared.prevHashOf(i),
        hash: prepared.hashOf(i),
      };
      for (const b of checkStreamLink(heads.get(streamId) ?? null, link, prepared.computedHash(i)))
        incidents.push(incidentOf(b, prepared, i, seq));
      heads.set(streamId, { version: link.streamversion, hash: link.hash });
      const prev = chain;
      chain = globalLink(prev, { seq, context, streamSeq, raw: prepared.envelope(i) });
      writePlace(prepared, i, seq, prev, chain);
      if (runFrom < 0) runFrom = prepared.rowStartOf(i);
      runTo = prepared.rowStartOf(i + 1);
    }
    endRun();
  }
  return { runs, incidents, seq, chain, heads, duplicates };
}

function incidentOf(b: BrokenLink, prepared: PreparedMessages, i: number, seq: number): Incident {
  return {
    kind: b.kind,
    stream_seq: prepared.streamSeqOf(i),
    stream_id: prepared.streamIdOf(i),
    stream_version: prepared.streamVersionOf(i),
    event_id: prepared.eventIdOf(i),
    seq,
    expected: b.expected,
    stored_hash: b.storedHash,
    computed_hash: b.computedHash,
    detail: b.detail,
  };
}
