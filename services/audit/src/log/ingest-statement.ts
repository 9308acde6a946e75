import { columnNames, viewDefinitions, viewTable } from '../views/view-catalogue';
import { isViewName } from '../views/view-definition';
import { LOG_PLACE_COLUMNS, LOG_ROW_COLUMNS } from './prepared-messages';

/** What a batch's COPY writes: a prepared row, then the place the transaction gave it. */
export const COPY_COLUMNS = `${LOG_ROW_COLUMNS}, ${LOG_PLACE_COLUMNS}`;

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
export function ingestStatement(
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
