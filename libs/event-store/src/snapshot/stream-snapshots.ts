import type { Pool } from 'pg';
import type { RecordedEvent } from '../types';
import { EVENT_COLUMNS_OF_E, EventRow, toRecordedEvent } from '../store/row';
import type { Upcasters } from '../store/upcasters';

/**
 * A stream's state folded up to a version, kept so a long stream is not read and folded
 * whole for every command. Only a cache: without it the stream is read from the start.
 */
export interface StreamSnapshot {
  streamId: string;
  /** The shape of `state` and its version, e.g. `check-in-record/v1`. */
  kind: string;
  /** The last event folded into `state`. */
  version: number;
  /** That event's hash, which the stream's next event chains to. */
  headHash: string;
  /** JSON. */
  state: unknown;
}

/** A stream as read from its snapshot: the snapshot (null if none of the kind) and the events after it. */
export interface SnapshotRead {
  snapshot: StreamSnapshot | null;
  events: RecordedEvent[];
}

interface SnapshotRow extends Partial<EventRow> {
  wanted: string;
  snap_version: number | null;
  snap_hash: string | null;
  snap_state: unknown;
}

/**
 * Several streams in one statement, each from its snapshot of `kind` (when there is one) on:
 * snapshot and events come from the same statement, so they always agree even when a
 * snapshot is replaced meanwhile. The state is sent once per stream, not once per event.
 */
export async function readStreamsFromSnapshots(
  pool: Pool,
  upcasters: Upcasters,
  kind: string,
  streamIds: string[],
): Promise<Map<string, SnapshotRead>> {
  const out = new Map<string, SnapshotRead>(
    streamIds.map((id) => [id, { snapshot: null, events: [] }]),
  );
  if (streamIds.length === 0) return out;
  const { rows } = await pool.query<SnapshotRow>(
    `SELECT w.stream_id AS wanted, s.stream_version AS snap_version, s.head_hash AS snap_hash,
            CASE WHEN row_number() OVER (PARTITION BY w.stream_id ORDER BY e.stream_version) = 1
                 THEN s.state END AS snap_state,
            ${EVENT_COLUMNS_OF_E}
       FROM unnest($1::text[]) AS w(stream_id)
       -- Lateral with LIMIT (not flattened into a join): one primary-key lookup per stream,
       -- never a scan of every snapshot.
       LEFT JOIN LATERAL (SELECT stream_version, head_hash, state FROM stream_snapshots
                           WHERE stream_id = w.stream_id AND kind = $2 LIMIT 1) s ON true
       -- Lateral and fenced (OFFSET 0, so not flattened into a join): one index range per
       -- stream. As a plain join, a planner without fresh statistics on events (a bulk load
       -- not yet analyzed) hashed the whole table for every batch of check-ins.
       LEFT JOIN LATERAL (SELECT * FROM events
                           WHERE stream_id = w.stream_id
                             AND stream_version > coalesce(s.stream_version, 0)
                          OFFSET 0) e ON true
      ORDER BY w.stream_id, e.stream_version`,
    [streamIds, kind],
  );
  for (const row of rows) {
    const read = out.get(row.wanted)!;
    if (row.snap_version !== null && read.snapshot === null) {
      read.snapshot = {
        streamId: row.wanted,
        kind,
        version: row.snap_version,
        headHash: row.snap_hash!,
        state: row.snap_state,
      };
    }
    if (row.event_id) read.events.push(upcasters.apply(toRecordedEvent(row as EventRow)));
  }
  return out;
}

/**
 * Saves snapshots in one statement. A snapshot never replaces one of a later version of the
 * same kind, so writers racing each other (two replicas) leave the newest.
 */
export async function saveSnapshots(pool: Pool, snapshots: StreamSnapshot[]): Promise<void> {
  if (snapshots.length === 0) return;
  // One row per stream (the newest), or PostgreSQL refuses to update a row twice in one statement.
  const newest = new Map<string, StreamSnapshot>();
  for (const s of snapshots) {
    const other = newest.get(s.streamId);
    if (!other || other.version < s.version) newest.set(s.streamId, s);
  }
  // One jsonb parameter, the states in it as they are: as a jsonb[] every state was JSON text
  // that pg then escaped character by character into an array literal (most of a
  // snapshot's cost in the service).
  const rows = [...newest.values()].map((s) => ({
    stream_id: s.streamId,
    kind: s.kind,
    stream_version: s.version,
    head_hash: s.headHash,
    state: s.state,
  }));
  await pool.query(
    `INSERT INTO stream_snapshots (stream_id, kind, stream_version, head_hash, state)
     SELECT stream_id, kind, stream_version, head_hash, state
       FROM jsonb_to_recordset($1::jsonb)
         AS r(stream_id text, kind text, stream_version int, head_hash text, state jsonb)
     ON CONFLICT (stream_id) DO UPDATE
        SET kind = EXCLUDED.kind, stream_version = EXCLUDED.stream_version,
            head_hash = EXCLUDED.head_hash, state = EXCLUDED.state, taken_at = now()
      WHERE stream_snapshots.kind <> EXCLUDED.kind
         OR stream_snapshots.stream_version < EXCLUDED.stream_version`,
    [JSON.stringify(rows)],
  );
}
