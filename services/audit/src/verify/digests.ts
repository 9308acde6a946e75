import { createHash } from 'node:crypto';
import { canonicalJson } from '@bulwark/event-store';
import type { Pool } from 'pg';
import { viewTable } from '../views/view-catalogue';
import { VIEW_NAMES, ViewName } from '../views/view-definition';
import { oneRow } from '../one-row';

export interface LogDigest {
  entries: number;
  /**
   * Digest of what the log holds, per context in stream order: every event, envelope and
   * indexed column. Independent of how contexts interleaved at ingest, so two audit
   * databases fed from the same streams agree on it.
   */
  content: string;
  /** The global chain's head: equal only when the contexts also interleaved the same way. */
  head: string;
  /** Digest of the integrity incidents (what was found where, not when). */
  incidents: string;
}

/** Digests of the audit log, for comparing two deployments or runs. */
export async function logDigest(pool: Pool, pageSize = 5000): Promise<LogDigest> {
  const hash = createHash('sha256');
  let entries = 0;
  let after: [string, string] = ['', '0'];
  for (;;) {
    const { rows } = await pool.query(
      `SELECT context, stream_seq, event_id, stream_id, stream_version, type, schema_version, occurred_at, actor,
              correlation_id, student_numbers, unit_codes, envelope::text AS envelope, prev_hash, hash
         FROM audit_log WHERE (context, stream_seq) > ($1, $2::bigint)
        ORDER BY context, stream_seq LIMIT $3`,
      [after[0], after[1], pageSize],
    );
    for (const r of rows) {
      hash.update(canonicalJson({ ...r, stream_seq: String(r.stream_seq) })).update('\n');
      entries += 1;
    }
    if (rows.length < pageSize) break;
    const last = rows[rows.length - 1];
    after = [last.context, String(last.stream_seq)];
  }
  const head = await pool.query<{ hash: string }>('SELECT hash FROM audit_chain_head');
  const incidents = await pool.query<{ d: string | null }>(
    `SELECT md5(string_agg(concat_ws('|', context, stream_seq, kind, stream_id, stream_version, event_id, expected,
                                     stored_hash, computed_hash), E'\\n'
                           ORDER BY context, stream_seq, kind)) AS d
       FROM integrity_incidents`,
  );
  return {
    entries,
    content: hash.digest('hex'),
    head: oneRow(head, 'the chain head').hash,
    incidents: oneRow(incidents, 'the incidents digest').d ?? 'none',
  };
}

/**
 * Digest of one version of a view. `exact` covers every column including the log position
 * (two versions over the same log must agree); `portable` names each fact's log entry by
 * its context and stream sequence instead, so views of two logs fed from the same streams
 * agree however the contexts interleaved.
 */
export async function viewDigest(
  pool: Pool,
  view: ViewName,
  version: number,
  mode: 'exact' | 'portable' = 'exact',
): Promise<{ rows: number; digest: string }> {
  const table = viewTable(view, version);
  const rowText =
    mode === 'exact'
      ? `to_jsonb(t)::text`
      : `(to_jsonb(t) - 'seq' || jsonb_build_object('entry', l.context || ':' || l.stream_seq))::text`;
  const { rows } = await pool.query<{ n: string; d: string | null }>(
    `SELECT count(*) AS n, md5(string_agg(r, E'\\n' ORDER BY r)) AS d
       FROM (SELECT ${rowText} AS r FROM ${table} t ${mode === 'portable' ? 'JOIN audit_log l ON l.seq = t.seq' : ''}) x`,
  );
  const { n, d } = oneRow({ rows }, `the digest of ${table}`);
  return { rows: Number(n), digest: d ?? 'empty' };
}

/** Digests of every live view. */
export async function liveViewDigests(
  pool: Pool,
  mode: 'exact' | 'portable' = 'exact',
): Promise<Record<string, { version: number; rows: number; digest: string }>> {
  const { rows } = await pool.query<{ view: ViewName; version: number }>(
    `SELECT view, version FROM view_versions WHERE status = 'live'`,
  );
  const out: Record<string, { version: number; rows: number; digest: string }> = {};
  for (const view of VIEW_NAMES) {
    const live = rows.find((r) => r.view === view);
    if (!live) continue;
    out[view] = { version: live.version, ...(await viewDigest(pool, view, live.version, mode)) };
  }
  return out;
}
