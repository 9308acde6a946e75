import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The event store of one service database: events (the outbox too), command results for
 * idempotency, checkpoints of in-order readers, and the batch append function.
 * Never edit once committed: add a new migration instead.
 */
export class CreateEventStore1763870400000 implements MigrationInterface {
  name = 'CreateEventStore1763870400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE events (
        global_position bigserial PRIMARY KEY,
        transaction_id  xid8        NOT NULL DEFAULT pg_current_xact_id(),
        event_id        uuid        NOT NULL UNIQUE,
        stream_id       text        NOT NULL,
        stream_version  integer     NOT NULL CHECK (stream_version >= 1),
        type            text        NOT NULL,
        schema_version  integer     NOT NULL DEFAULT 1,
        data            jsonb       NOT NULL,
        metadata        jsonb       NOT NULL,
        occurred_at     timestamptz NOT NULL,
        prev_hash       char(64)    NOT NULL,
        hash            char(64)    NOT NULL,
        CONSTRAINT events_stream_version_unique UNIQUE (stream_id, stream_version)
      )`);
    // Readers walk commit order: (transaction_id, global_position).
    await q.query(`CREATE INDEX events_commit_order ON events (transaction_id, global_position)`);
    await q.query(`
      CREATE TABLE command_results (
        command_id  text        PRIMARY KEY,
        result      jsonb       NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE checkpoints (
        name            text        PRIMARY KEY,
        transaction_id  xid8        NOT NULL,
        global_position bigint      NOT NULL,
        updated_at      timestamptz NOT NULL DEFAULT now()
      )`);
    // An idle open transaction holds every reader back (its xid pins the snapshot's xmin).
    await q.query(`
      DO $$ BEGIN
        EXECUTE format('ALTER DATABASE %I SET idle_in_transaction_session_timeout = %L',
                       current_database(), '60s');
      END $$`);
    /*
     * One statement appends a whole batch of independent appends (group commit: one
     * round trip and one fsync for many writers). Each append runs in its own
     * subtransaction so one conflict fails only that append. Input, per append:
     *   { commandId, result, streams: [{ streamId, expected, prevHash, events: [row...] }] }
     * where expected is 'no-stream', 'any' or a version number, and rows carry the hashes
     * computed by the caller from prevHash. Output, per append:
     *   { status: 'appended', positions: [...] } | { status: 'conflict', streamId, expected, actual }
     *   | { status: 'duplicate-command', result }
     */
    await q.query(`
      CREATE FUNCTION bulwark_append_batch(p_batch jsonb) RETURNS jsonb
      LANGUAGE plpgsql AS $fn$
      DECLARE
        v_append    jsonb;
        v_stream    jsonb;
        v_out       jsonb := '[]'::jsonb;
        v_positions jsonb;
        v_ins       jsonb;
        v_version   integer;
        v_hash      text;
        v_prior     jsonb;
        v_expected  jsonb;
        v_failed    jsonb;
      BEGIN
        FOR v_append IN SELECT * FROM jsonb_array_elements(p_batch) LOOP
          BEGIN
            v_failed := NULL;
            v_positions := '[]'::jsonb;
            IF v_append->>'commandId' IS NOT NULL THEN
              INSERT INTO command_results (command_id, result)
              VALUES (v_append->>'commandId', coalesce(v_append->'result', 'null'::jsonb))
              ON CONFLICT (command_id) DO NOTHING;
              IF NOT FOUND THEN
                SELECT result INTO v_prior FROM command_results WHERE command_id = v_append->>'commandId';
                v_out := v_out || jsonb_build_array(jsonb_build_object('status', 'duplicate-command', 'result', v_prior));
                CONTINUE;
              END IF;
            END IF;
            FOR v_stream IN SELECT * FROM jsonb_array_elements(v_append->'streams') LOOP
              SELECT stream_version, hash INTO v_version, v_hash
                FROM events WHERE stream_id = v_stream->>'streamId'
                ORDER BY stream_version DESC LIMIT 1;
              v_expected := v_stream->'expected';
              IF (v_version IS NULL AND (v_stream->>'prevHash') <> repeat('0', 64))
                 OR (v_version IS NOT NULL AND v_expected = '"no-stream"'::jsonb)
                 OR (jsonb_typeof(v_expected) = 'number' AND v_version IS DISTINCT FROM (v_expected::text)::integer)
                 OR (v_version IS NOT NULL AND v_hash <> (v_stream->>'prevHash'))
                 OR (coalesce(v_version, 0) + 1 <> ((v_stream->'events'->0->>'stream_version')::integer)) THEN
                v_failed := jsonb_build_object('status', 'conflict', 'streamId', v_stream->>'streamId',
                                               'expected', v_expected, 'actual', v_version);
                RAISE EXCEPTION USING ERRCODE = 'serialization_failure', MESSAGE = 'bulwark: expected version';
              END IF;
              WITH ins AS (
                INSERT INTO events (event_id, stream_id, stream_version, type, schema_version,
                                    data, metadata, occurred_at, prev_hash, hash)
                SELECT e.event_id, v_stream->>'streamId', e.stream_version, e.type, e.schema_version,
                       e.data, e.metadata, e.occurred_at, e.prev_hash, e.hash
                  FROM jsonb_to_recordset(v_stream->'events') AS e(
                    event_id uuid, stream_version integer, type text, schema_version integer,
                    data jsonb, metadata jsonb, occurred_at timestamptz, prev_hash text, hash text)
                RETURNING global_position, stream_version
              )
              SELECT coalesce(jsonb_agg(global_position ORDER BY stream_version), '[]'::jsonb) INTO v_ins FROM ins;
              v_positions := v_positions || jsonb_build_array(v_ins);
            END LOOP;
            v_out := v_out || jsonb_build_array(jsonb_build_object('status', 'appended', 'positions', v_positions,
                                                                  'transactionId', pg_current_xact_id()::text));
          EXCEPTION
            WHEN serialization_failure OR unique_violation THEN
              v_out := v_out || jsonb_build_array(coalesce(v_failed, jsonb_build_object(
                'status', 'conflict', 'streamId', v_stream->>'streamId', 'expected', v_stream->'expected',
                'actual', NULL)));
          END;
        END LOOP;
        RETURN v_out;
      END
      $fn$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION bulwark_append_batch(jsonb)`);
    await q.query(`DROP TABLE checkpoints`);
    await q.query(`DROP TABLE command_results`);
    await q.query(`DROP TABLE events`);
  }
}
