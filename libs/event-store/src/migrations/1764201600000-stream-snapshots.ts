import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Snapshots of folded stream state: a cache, so a long stream is not read whole for every
 * command. Deleting every row changes nothing but speed. Never edit once committed: add a new
 * migration instead.
 */
export class StreamSnapshots1764201600000 implements MigrationInterface {
  name = 'StreamSnapshots1764201600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE stream_snapshots (
        stream_id      text        PRIMARY KEY,
        -- The shape of the state and its version: a snapshot of another kind is ignored.
        kind           text        NOT NULL,
        stream_version integer     NOT NULL CHECK (stream_version >= 1),
        -- The hash of the event at stream_version: the next append chains to it.
        head_hash      text        NOT NULL,
        state          jsonb       NOT NULL,
        taken_at       timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE stream_snapshots');
  }
}
