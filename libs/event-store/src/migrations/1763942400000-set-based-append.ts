import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Group commit, set-based. The first append function runs every append of a batch in its own
 * subtransaction, row by row; at eight writers that cost more than the appends themselves.
 * `bulwark_append_batch` now checks every stream head of the batch in one query and inserts
 * every event of the batch in one statement, so one conflicting append still fails alone
 * (it is left out, not rolled back). Batches the set-based path cannot decide alone go to the
 * first function, kept as `bulwark_append_each`: a stream or command id twice in one batch, or
 * a concurrent writer (another replica) that got a head or a command id in first, which shows
 * as a unique violation and rolls back only the set-based attempt. Input and output are the
 * first function's, unchanged. Never edit once committed: add a new migration instead.
 */
export class SetBasedAppend1763942400000 implements MigrationInterface {
  name = 'SetBasedAppend1763942400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER FUNCTION bulwark_append_batch(jsonb) RENAME TO bulwark_append_each`);
    await q.query(`
      CREATE FUNCTION bulwark_append_batch(p_batch jsonb) RETURNS jsonb
      -- The planner's row guesses for jsonb_array_elements can price a plan into JIT, which
      -- costs far more than the batch itself.
      LANGUAGE plpgsql SET jit = off AS $fn$
      DECLARE
        v_out        jsonb;
        v_commands   integer;
        v_recorded   integer;
      BEGIN
        IF EXISTS (
             SELECT 1 FROM jsonb_array_elements(p_batch) a,
                           jsonb_array_elements(a->'streams') s
              GROUP BY s->>'streamId' HAVING count(*) > 1)
           OR EXISTS (
             SELECT 1 FROM jsonb_array_elements(p_batch) a
              WHERE a->>'commandId' IS NOT NULL
              GROUP BY a->>'commandId' HAVING count(*) > 1) THEN
          RETURN bulwark_append_each(p_batch);
        END IF;
        BEGIN
          WITH appends AS (
            SELECT ord, value->>'commandId' AS command_id, value->'result' AS result, value->'streams' AS streams
              FROM jsonb_array_elements(p_batch) WITH ORDINALITY AS t(value, ord)
          ), heads AS (
            SELECT a.ord, s.sord, s.value AS stream, h.stream_version AS version, h.hash
              FROM appends a
             CROSS JOIN LATERAL jsonb_array_elements(a.streams) WITH ORDINALITY AS s(value, sord)
              LEFT JOIN LATERAL (
                SELECT e.stream_version, e.hash FROM events e
                 WHERE e.stream_id = s.value->>'streamId'
                 ORDER BY e.stream_version DESC LIMIT 1) h ON true
          ), conflicts AS (
            SELECT DISTINCT ON (ord) ord,
                   jsonb_build_object('status', 'conflict', 'streamId', stream->>'streamId',
                                      'expected', stream->'expected', 'actual', version) AS outcome
              FROM heads
             WHERE (version IS NULL AND (stream->>'prevHash') <> repeat('0', 64))
                OR (version IS NOT NULL AND stream->'expected' = '"no-stream"'::jsonb)
                OR (jsonb_typeof(stream->'expected') = 'number' AND version IS DISTINCT FROM (stream->>'expected')::integer)
                OR (version IS NOT NULL AND hash <> (stream->>'prevHash'))
                OR (coalesce(version, 0) + 1 <> (stream->'events'->0->>'stream_version')::integer)
             ORDER BY ord, sord
          ), repeats AS (
            SELECT a.ord, jsonb_build_object('status', 'duplicate-command', 'result', c.result) AS outcome
              FROM appends a JOIN command_results c ON c.command_id = a.command_id
          ), accepted AS (
            SELECT a.* FROM appends a
             WHERE NOT EXISTS (SELECT 1 FROM repeats r WHERE r.ord = a.ord)
               AND NOT EXISTS (SELECT 1 FROM conflicts c WHERE c.ord = a.ord)
          ), commands AS (
            INSERT INTO command_results (command_id, result)
            SELECT command_id, coalesce(result, 'null'::jsonb) FROM accepted WHERE command_id IS NOT NULL
             ORDER BY command_id
            ON CONFLICT (command_id) DO NOTHING
            RETURNING 1
          ), recorded AS (
            INSERT INTO events (event_id, stream_id, stream_version, type, schema_version,
                                data, metadata, occurred_at, prev_hash, hash)
            SELECT e.event_id, h.stream->>'streamId', e.stream_version, e.type, e.schema_version,
                   e.data, e.metadata, e.occurred_at, e.prev_hash, e.hash
              FROM accepted a
              JOIN heads h ON h.ord = a.ord
             CROSS JOIN LATERAL jsonb_to_recordset(h.stream->'events') AS e(
                    event_id uuid, stream_version integer, type text, schema_version integer,
                    data jsonb, metadata jsonb, occurred_at timestamptz, prev_hash text, hash text)
             -- One order for every writer, so two batches never wait on each other's rows crosswise.
             ORDER BY h.stream->>'streamId', e.stream_version
            RETURNING global_position, stream_id, stream_version
          ), per_stream AS (
            SELECT stream_id, jsonb_agg(global_position ORDER BY stream_version) AS positions
              FROM recorded GROUP BY stream_id
          ), positions AS (
            -- each stream is in the batch once, so its id finds its append
            SELECT h.ord, h.sord, p.positions
              FROM heads h JOIN per_stream p ON p.stream_id = h.stream->>'streamId'
          ), outcomes AS (
            SELECT ord, outcome FROM conflicts
            UNION ALL SELECT ord, outcome FROM repeats
            UNION ALL
            SELECT ord, jsonb_build_object('status', 'appended',
                                           'positions', jsonb_agg(positions ORDER BY sord),
                                           'transactionId', pg_current_xact_id()::text)
              FROM positions GROUP BY ord
            UNION ALL
            -- an append with no streams to write is appended, with no positions
            SELECT a.ord, jsonb_build_object('status', 'appended', 'positions', '[]'::jsonb,
                                             'transactionId', pg_current_xact_id()::text)
              FROM accepted a WHERE jsonb_array_length(a.streams) = 0
          )
          SELECT (SELECT jsonb_agg(outcome ORDER BY ord) FROM outcomes),
                 (SELECT count(*) FROM accepted WHERE command_id IS NOT NULL),
                 (SELECT count(*) FROM commands)
            INTO v_out, v_commands, v_recorded;
          IF v_commands <> v_recorded THEN
            -- another writer recorded one of these commands after our read: decide one by one
            RAISE EXCEPTION USING ERRCODE = 'unique_violation', MESSAGE = 'bulwark: command raced';
          END IF;
          RETURN coalesce(v_out, '[]'::jsonb);
        EXCEPTION
          WHEN unique_violation THEN
            RETURN bulwark_append_each(p_batch);
        END;
      END
      $fn$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION bulwark_append_batch(jsonb)`);
    await q.query(`ALTER FUNCTION bulwark_append_each(jsonb) RENAME TO bulwark_append_batch`);
  }
}
