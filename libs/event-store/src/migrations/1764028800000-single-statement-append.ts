import { MigrationInterface, QueryRunner } from 'typeorm';
import { SetBasedAppend1763942400000 } from './1763942400000-set-based-append';

/**
 * `bulwark_append_batch` decided by one statement, with one outcome per append by
 * construction. Input and output are unchanged.
 *
 * - The set-based function gave an append that was both a repeated command and a conflict
 *   (an idempotent retry racing its first attempt, whose stream now exists) two outcomes, a
 *   conflict and a duplicate: every later writer of the batch got the outcome of the one
 *   before it. Now the repeat wins, as in `bulwark_append_each`, and the outcomes are one
 *   row per append of the batch.
 * - The batch is unpacked once into typed columns (`jsonb_to_recordset`), and a stream or
 *   command id twice in the batch is found by the same statement (nothing is written then,
 *   and the batch goes to `bulwark_append_each`), instead of two queries of their own before it.
 *
 * Never edit once committed: add a new migration instead.
 */
export class SingleStatementAppend1764028800000 implements MigrationInterface {
  name = 'SingleStatementAppend1764028800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE OR REPLACE FUNCTION bulwark_append_batch(p_batch jsonb) RETURNS jsonb
      -- The planner's row guesses for the batch's rows can price a plan into JIT, which costs
      -- far more than the batch itself.
      LANGUAGE plpgsql SET jit = off AS $fn$
      DECLARE
        v_out        jsonb;
        v_one_by_one boolean;
        v_commands   integer;
        v_recorded   integer;
      BEGIN
        BEGIN
          WITH appends AS (
            SELECT a.ord, a.command_id, a.result, a.streams
              FROM ROWS FROM (jsonb_to_recordset(p_batch)
                              AS ("commandId" text, result jsonb, streams jsonb))
                   WITH ORDINALITY AS a(command_id, result, streams, ord)
          ), heads AS (
            SELECT a.ord, s.sord, s.stream_id, s.expected, s.prev_hash, s.events,
                   h.stream_version AS version, h.hash
              FROM appends a
             CROSS JOIN LATERAL ROWS FROM (jsonb_to_recordset(a.streams)
                              AS ("streamId" text, expected jsonb, "prevHash" text, events jsonb))
                   WITH ORDINALITY AS s(stream_id, expected, prev_hash, events, sord)
              LEFT JOIN LATERAL (
                SELECT e.stream_version, e.hash FROM events e
                 WHERE e.stream_id = s.stream_id
                 ORDER BY e.stream_version DESC LIMIT 1) h ON true
          ), twice AS (
            -- A stream or command id twice in the batch: the appends depend on each other.
            SELECT EXISTS (SELECT 1 FROM heads GROUP BY stream_id HAVING count(*) > 1)
                OR EXISTS (SELECT 1 FROM appends WHERE command_id IS NOT NULL
                            GROUP BY command_id HAVING count(*) > 1) AS found_twice
          ), repeats AS (
            SELECT a.ord, c.result FROM appends a JOIN command_results c ON c.command_id = a.command_id
          ), conflicts AS (
            SELECT DISTINCT ON (ord) ord, stream_id, expected, version
              FROM heads
             WHERE ((version IS NULL AND prev_hash <> repeat('0', 64))
                 OR (version IS NOT NULL AND expected = '"no-stream"'::jsonb)
                 OR (jsonb_typeof(expected) = 'number' AND version IS DISTINCT FROM (expected::text)::integer)
                 OR (version IS NOT NULL AND hash <> prev_hash)
                 OR (coalesce(version, 0) + 1 <> (events->0->>'stream_version')::integer))
             ORDER BY ord, sord
          ), accepted AS (
            SELECT a.ord, a.command_id, a.result FROM appends a
             WHERE NOT (SELECT found_twice FROM twice)
               AND NOT EXISTS (SELECT 1 FROM repeats r WHERE r.ord = a.ord)
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
            SELECT e.event_id, h.stream_id, e.stream_version, e.type, e.schema_version,
                   e.data, e.metadata, e.occurred_at, e.prev_hash, e.hash
              FROM accepted a
              JOIN heads h ON h.ord = a.ord
             CROSS JOIN LATERAL jsonb_to_recordset(h.events) AS e(
                    event_id uuid, stream_version integer, type text, schema_version integer,
                    data jsonb, metadata jsonb, occurred_at timestamptz, prev_hash text, hash text)
             -- One order for every writer, so two batches never wait on each other's rows crosswise.
             ORDER BY h.stream_id, e.stream_version
            RETURNING global_position, stream_id, stream_version
          ), positions AS (
            -- each stream is in the batch once (else it went one by one), so its id finds its append
            SELECT h.ord, jsonb_agg(r.positions ORDER BY h.sord) AS positions
              FROM heads h
              JOIN (SELECT stream_id, jsonb_agg(global_position ORDER BY stream_version) AS positions
                      FROM recorded GROUP BY stream_id) r ON r.stream_id = h.stream_id
             GROUP BY h.ord
          )
          SELECT (SELECT jsonb_agg(
                           CASE
                             WHEN r.ord IS NOT NULL THEN
                               jsonb_build_object('status', 'duplicate-command', 'result', r.result)
                             WHEN c.ord IS NOT NULL THEN
                               jsonb_build_object('status', 'conflict', 'streamId', c.stream_id,
                                                  'expected', c.expected, 'actual', c.version)
                             ELSE
                               jsonb_build_object('status', 'appended',
                                                  'positions', coalesce(p.positions, '[]'::jsonb),
                                                  'transactionId', pg_current_xact_id()::text)
                           END ORDER BY a.ord)
                    FROM appends a
                    LEFT JOIN repeats r ON r.ord = a.ord
                    LEFT JOIN conflicts c ON c.ord = a.ord
                    LEFT JOIN positions p ON p.ord = a.ord),
                 (SELECT found_twice FROM twice),
                 (SELECT count(*) FROM accepted WHERE command_id IS NOT NULL),
                 (SELECT count(*) FROM commands)
            INTO v_out, v_one_by_one, v_commands, v_recorded;
          IF NOT v_one_by_one AND v_commands <> v_recorded THEN
            -- another writer recorded one of these commands after our read: decide one by one
            RAISE EXCEPTION USING ERRCODE = 'unique_violation', MESSAGE = 'bulwark: command raced';
          END IF;
        EXCEPTION
          WHEN unique_violation THEN
            -- a concurrent writer got a head or a command id in first: nothing of this attempt
            -- is left (the block's subtransaction is rolled back), so decide one by one
            v_one_by_one := true;
        END;
        IF v_one_by_one THEN
          RETURN bulwark_append_each(p_batch);
        END IF;
        RETURN coalesce(v_out, '[]'::jsonb);
      END
      $fn$`);
  }

  async down(q: QueryRunner): Promise<void> {
    // The set-based function again: drop it as the earlier migration's down() expects it, and
    // let that migration's up() create it (it renames the current function first).
    await q.query(`DROP FUNCTION bulwark_append_batch(jsonb)`);
    await q.query(`ALTER FUNCTION bulwark_append_each(jsonb) RENAME TO bulwark_append_batch`);
    await new SetBasedAppend1763942400000().up(q);
  }
}
