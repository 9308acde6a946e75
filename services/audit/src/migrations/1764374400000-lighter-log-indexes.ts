import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Two fewer indexes on the audit log, because every index costs every ingested event and
 * ingestion is the log's hot path (measured: each text-led btree about 2–4 µs of PostgreSQL
 * an event, a third of its COPY):
 * - `audit_log_context (context, seq)` goes: the unique `(context, stream_seq)` answers the
 *   same questions, since a context's entries are appended in stream order (stream_seq and
 *   seq rise together within a context).
 * - `audit_log_stream (context, stream_id, stream_version, seq)` becomes `(stream_id)`: what
 *   asks by stream (a stream's head when ingestion starts, export by stream) reads one
 *   stream's few entries and filters or sorts them; the narrower key is cheaper to keep.
 * - `context` and `stream_id` compare byte for byte (collation "C"): they are names we make,
 *   not words to sort for a reader, and the locale's comparison is measurably slower in the
 *   indexes every event goes through (equal values are equal under either).
 * Never edit once committed: add a new migration instead.
 */
export class LighterLogIndexes1764374400000 implements MigrationInterface {
  name = 'LighterLogIndexes1764374400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE audit_log ALTER COLUMN context TYPE text COLLATE "C",
                             ALTER COLUMN stream_id TYPE text COLLATE "C"`,
    );
    await q.query('CREATE INDEX audit_log_stream_id ON audit_log (stream_id)');
    await q.query('DROP INDEX audit_log_stream');
    await q.query('DROP INDEX audit_log_context');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('CREATE INDEX audit_log_context ON audit_log (context, seq)');
    await q.query(
      'CREATE INDEX audit_log_stream ON audit_log (context, stream_id, stream_version, seq)',
    );
    await q.query('DROP INDEX audit_log_stream_id');
    await q.query(
      `ALTER TABLE audit_log ALTER COLUMN context TYPE text COLLATE "default",
                             ALTER COLUMN stream_id TYPE text COLLATE "default"`,
    );
  }
}
