import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The audit log (append-only, one global hash chain in ingest order), where ingestion has got
 * to per context, integrity incidents, and the bookkeeping of versioned views (blue/green).
 * The view tables themselves are created by the audit service per version
 * (`view_<name>_v<N>`), not here. Never edit once committed: add a new migration instead.
 */
export class CreateAuditLog1763870700000 implements MigrationInterface {
  name = 'CreateAuditLog1763870700000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE audit_log (
        seq             bigint      PRIMARY KEY CHECK (seq >= 1),
        event_id        uuid        NOT NULL UNIQUE,
        context         text        NOT NULL,
        stream_seq      bigint      NOT NULL,
        stream_id       text        NOT NULL,
        stream_version  integer     NOT NULL,
        type            text        NOT NULL,
        schema_version  integer     NOT NULL,
        occurred_at     timestamptz NOT NULL,
        actor           text        NOT NULL,
        correlation_id  text,
        student_numbers text[]      NOT NULL DEFAULT '{}',
        unit_codes      text[]      NOT NULL DEFAULT '{}',
        envelope        json        NOT NULL, -- exactly as received, byte for byte
        prev_hash       text        NOT NULL,
        hash            text        NOT NULL,
        chain_prev      char(64)    NOT NULL,
        chain_hash      char(64)    NOT NULL,
        ingested_at     timestamptz NOT NULL DEFAULT clock_timestamp(),
        CONSTRAINT audit_log_stream_seq_unique UNIQUE (context, stream_seq)
      )`);
    await q.query(
      `CREATE INDEX audit_log_stream ON audit_log (context, stream_id, stream_version, seq)`,
    );
    // A rebuild of a view fed by one context reads only that context's entries.
    await q.query(`CREATE INDEX audit_log_context ON audit_log (context, seq)`);
    // No more indexes on the log: each costs every ingest. Per student, per actor and per day
    // questions go to the views, which are indexed for them.
    // Nobody edits or deletes the log by accident; tampering takes disabling this trigger (and
    // verify then finds the edit).
    await q.query(`
      CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $fn$
      BEGIN
        RAISE EXCEPTION 'audit_log is append-only (% refused)', TG_OP;
      END $fn$`);
    await q.query(`
      CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
        FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()`);

    // The head of the global chain: one row, locked by every ingest transaction (strict order).
    await q.query(`
      CREATE TABLE audit_chain_head (
        id   boolean  PRIMARY KEY DEFAULT true CHECK (id),
        seq  bigint   NOT NULL,
        hash char(64) NOT NULL
      )`);
    await q.query(`INSERT INTO audit_chain_head (seq, hash) VALUES (0, repeat('0', 64))`);

    // Per context: the last JetStream stream sequence in the log (written with the log rows).
    await q.query(`
      CREATE TABLE audit_ingest_checkpoints (
        context     text        PRIMARY KEY,
        stream_seq  bigint      NOT NULL,
        updated_at  timestamptz NOT NULL DEFAULT now()
      )`);
    // One row per ingest transaction, written last in it: maps an instant to a log position.
    await q.query(`
      CREATE TABLE audit_ingest_batches (
        last_seq     bigint      PRIMARY KEY,
        first_seq    bigint      NOT NULL,
        context      text        NOT NULL,
        events       integer     NOT NULL,
        committed_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX audit_ingest_batches_time ON audit_ingest_batches (committed_at)`);

    await q.query(`
      CREATE TABLE integrity_incidents (
        id              bigserial   PRIMARY KEY,
        detected_at     timestamptz NOT NULL DEFAULT now(),
        kind            text        NOT NULL,
        context         text        NOT NULL,
        stream_seq      bigint      NOT NULL,
        stream_id       text,
        stream_version  integer,
        event_id        text,
        seq             bigint,
        expected        text,
        stored_hash     text,
        computed_hash   text,
        detail          text        NOT NULL,
        CONSTRAINT integrity_incidents_once UNIQUE (context, stream_seq, kind)
      )`);

    await q.query(`
      CREATE TABLE view_versions (
        view        text        NOT NULL,
        version     integer     NOT NULL,
        status      text        NOT NULL CHECK (status IN ('building', 'live', 'retired', 'scratch', 'dropped')),
        watermark   bigint      NOT NULL DEFAULT 0,
        filter      jsonb,
        created_by  text        NOT NULL,
        created_at  timestamptz NOT NULL DEFAULT now(),
        note        text,
        PRIMARY KEY (view, version)
      )`);
    await q.query(
      `CREATE UNIQUE INDEX view_versions_one_live ON view_versions (view) WHERE status = 'live'`,
    );
    await q.query(`
      CREATE TABLE view_switches (
        id           bigserial   PRIMARY KEY,
        view         text        NOT NULL,
        from_version integer,
        to_version   integer     NOT NULL,
        switched_by  text        NOT NULL,
        switched_at  timestamptz NOT NULL DEFAULT now(),
        at_seq       bigint      NOT NULL,
        reason       text        NOT NULL
      )`);

    // A date in an event's data that may be malformed: null instead of failing the ingest.
    // Plain SQL (inlined by the planner), no exception block: cheap on every row of a rebuild.
    await q.query(`
      CREATE FUNCTION audit_try_date(t text) RETURNS date LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $fn$
        SELECT CASE WHEN t ~ '^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$' AND left(t, 4) <> '0000' THEN
                 CASE WHEN substr(t, 9, 2)::int <= extract(day FROM make_date(left(t, 4)::int, substr(t, 6, 2)::int, 1)
                                                               + interval '1 month' - interval '1 day')
                      THEN make_date(left(t, 4)::int, substr(t, 6, 2)::int, substr(t, 9, 2)::int) END
               END
      $fn$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP FUNCTION audit_try_date(text)');
    await q.query('DROP TABLE view_switches');
    await q.query('DROP TABLE view_versions');
    await q.query('DROP TABLE integrity_incidents');
    await q.query('DROP TABLE audit_ingest_batches');
    await q.query('DROP TABLE audit_ingest_checkpoints');
    await q.query('DROP TABLE audit_chain_head');
    await q.query('DROP TABLE audit_log');
    await q.query('DROP FUNCTION audit_log_append_only()');
  }
}
