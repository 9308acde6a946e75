import { verifyChains, type ChainReport } from '@bulwark/event-store';
import type { BulwarkCloudEvent } from '@bulwark/messaging';
import { Pool } from 'pg';
import {
  checkStreamLink,
  GENESIS_HASH,
  globalLink,
  recomputeEventHash,
  StreamHead,
} from '../log/chains';
import { logEntryOf } from '../log/log-entry';
import { oneRow } from '../one-row';

export interface BrokenLogLink {
  chain: 'global' | 'stream';
  reason: string;
  seq: number;
  eventId: string;
  context: string;
  streamId: string;
  streamVersion: number;
  storedHash: string;
  computedHash: string;
  detail: string;
}

export interface LogVerification {
  eventsChecked: number;
  streamsChecked: number;
  /** The audit log's own chain, in ingest order. */
  global: { ok: boolean; head: { seq: number; hash: string }; firstBroken: BrokenLogLink | null };
  /** Every stream's chain as the log holds it (each event's link to the one before). */
  streams: { ok: boolean; firstBroken: BrokenLogLink | null };
  ok: boolean;
}

interface Row {
  seq: string;
  event_id: string;
  context: string;
  stream_seq: string;
  stream_id: string;
  stream_version: number;
  type: string;
  schema_version: number;
  occurred_at: Date;
  actor: string;
  correlation_id: string | null;
  student_numbers: string[];
  unit_codes: string[];
  raw: string;
  prev_hash: string;
  hash: string;
  chain_prev: string;
  chain_hash: string;
}

/**
 * Walks the audit log once, in ingest order, and checks both kinds of chain: the global chain
 * (positions without gaps, each link's previous hash, each link recomputed from the entry,
 * the head matching the last link, the indexed columns matching the envelope) and every
 * stream's chain (next version, previous hash, the event's own hash recomputed from its
 * content). Reports the first broken link of each, with the stored and computed hash.
 */
export async function verifyLog(
  pool: Pool,
  options: { pageSize?: number; onProgress?: (done: number, total: number) => void } = {},
): Promise<LogVerification> {
  const pageSize = options.pageSize ?? 5000;
  const head = oneRow(
    await pool.query<{ seq: string; hash: string }>('SELECT seq, hash FROM audit_chain_head'),
    'the chain head',
  );
  const total = Number(head.seq);
  const heads = new Map<string, StreamHead>();
  let globalBroken: BrokenLogLink | null = null;
  let streamBroken: BrokenLogLink | null = null;
  let prevSeq = 0;
  let prevLink = GENESIS_HASH;
  let checked = 0;
  for (;;) {
    const { rows } = await pool.query<Row>(
      `SELECT seq, event_id, context, stream_seq, stream_id, stream_version, type, schema_version, occurred_at,
              actor, correlation_id, student_numbers, unit_codes, envelope::text AS raw, prev_hash, hash, chain_prev, chain_hash
         FROM audit_log WHERE seq > $1 ORDER BY seq LIMIT $2`,
      [prevSeq, pageSize],
    );
    for (const r of rows) {
      const seq = Number(r.seq);
      const at = (
        reason: string,
        chain: 'global' | 'stream',
        stored: string,
        computed: string,
        detail: string,
      ) => ({
        chain,
        reason,
        seq,
        eventId: r.event_id,
        context: r.context,
        streamId: r.stream_id,
        streamVersion: r.stream_version,
        storedHash: stored,
        computedHash: computed,
        detail,
      });
      let envelope = {} as BulwarkCloudEvent;
      let eventHash = '';
      try {
        envelope = JSON.parse(r.raw) as BulwarkCloudEvent;
        eventHash = recomputeEventHash(envelope);
      } catch {
        // an envelope the log could not have accepted: the column check below names it
      }
      if (!globalBroken) {
        const computed = globalLink(r.chain_prev, {
          seq,
          context: r.context,
          streamSeq: Number(r.stream_seq),
          raw: r.raw,
        });
        const mismatch = columnMismatch(r, envelope);
        if (seq !== prevSeq + 1) {
          globalBroken = at(
            'seq-gap',
            'global',
            r.chain_hash,
            computed,
            `entry ${seq} follows ${prevSeq}: ${seq - prevSeq - 1} entries missing`,
          );
        } else if (r.chain_prev !== prevLink) {
          globalBroken = at(
            'chain-prev-mismatch',
            'global',
            r.chain_prev,
            prevLink,
            `entry ${seq} does not link to the hash of entry ${prevSeq}`,
          );
        } else if (computed !== r.chain_hash) {
          globalBroken = at(
            'chain-hash-mismatch',
            'global',
            r.chain_hash,
            computed,
            `entry ${seq} was changed after it was chained`,
          );
        } else if (mismatch) {
          globalBroken = at(
            'column-mismatch',
            'global',
            r.chain_hash,
            computed,
            `entry ${seq}: column ${mismatch} differs from its envelope`,
          );
        }
      }
      if (!streamBroken) {
        const key = `${r.context}\u0000${r.stream_id}`;
        const [first] = checkStreamLink(heads.get(key) ?? null, envelope, eventHash);
        if (first)
          streamBroken = at(
            first.kind,
            'stream',
            first.storedHash,
            first.computedHash,
            first.detail,
          );
        heads.set(key, { version: envelope.streamversion, hash: envelope.hash });
      }
      prevSeq = seq;
      prevLink = r.chain_hash;
      checked += 1;
    }
    options.onProgress?.(checked, total);
    if (rows.length < pageSize) break;
  }
  if (!globalBroken && (prevSeq !== total || prevLink !== head.hash)) {
    globalBroken = {
      chain: 'global',
      reason: 'head-mismatch',
      seq: prevSeq,
      eventId: '',
      context: '',
      streamId: '',
      streamVersion: 0,
      storedHash: head.hash,
      computedHash: prevLink,
      detail: `the chain head says entry ${total} (${head.hash}) but the log ends at ${prevSeq} (${prevLink}): entries were removed`,
    };
  }
  return {
    eventsChecked: checked,
    streamsChecked: heads.size,
    global: { ok: !globalBroken, head: { seq: total, hash: head.hash }, firstBroken: globalBroken },
    streams: { ok: !streamBroken, firstBroken: streamBroken },
    ok: !globalBroken && !streamBroken,
  };
}

/** The first indexed column that does not say what the envelope says, or null. */
function columnMismatch(r: Row, envelope: BulwarkCloudEvent): string | null {
  let e;
  try {
    e = logEntryOf(r.context, Number(r.stream_seq), envelope);
  } catch {
    return 'envelope';
  }
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
  const pairs: [string, unknown, unknown][] = [
    ['event_id', r.event_id, e.eventId],
    ['stream_id', r.stream_id, e.streamId],
    ['stream_version', r.stream_version, e.streamVersion],
    ['type', r.type, e.type],
    ['schema_version', r.schema_version, e.schemaVersion],
    ['occurred_at', r.occurred_at.toISOString(), e.occurredAt],
    ['actor', r.actor, e.actor],
    ['correlation_id', r.correlation_id, e.correlationId],
    ['student_numbers', r.student_numbers, e.studentNumbers],
    ['unit_codes', r.unit_codes, e.unitCodes],
    ['prev_hash', r.prev_hash, e.prevHash],
    ['hash', r.hash, e.hash],
  ];
  return pairs.find(([, a, b]) => !same(a, b))?.[0] ?? null;
}

/** A service's own event store, verified with the store's own chain walk. */
export async function verifyServiceStore(url: string): Promise<ChainReport & { ok: boolean }> {
  const pool = new Pool({ connectionString: url, max: 2 });
  try {
    const report = await verifyChains(pool);
    return { ...report, ok: report.firstBroken === null };
  } finally {
    await pool.end();
  }
}
