import { randomBytes, randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { closedLoop, Rate } from './measure';
import { at } from './checked';

/** What one row carries: the same payloads the event store stores. */
export interface RawRowSource {
  data(i: number): unknown;
  metadata(): unknown;
}

/**
 * The ceiling for the event store: single-row INSERTs, each its own autocommit transaction,
 * from N connections (one per writer), into a table shaped exactly like `events` (same
 * columns, types, defaults, keys and indexes) but with nothing around it: no read, no version
 * check, no hashing, no batching.
 */
export class RawPostgres {
  private next = 0;
  private readonly prefix = `raw-${randomBytes(3).toString('hex')}`;

  private constructor(
    private readonly clients: Client[],
    private readonly rows: RawRowSource,
  ) {}

  static async open(url: string, writers: number, rows: RawRowSource): Promise<RawPostgres> {
    const clients = await Promise.all(
      Array.from({ length: writers }, async () => {
        const client = new Client({ connectionString: url, application_name: 'bulwark-bench-raw' });
        await client.connect();
        return client;
      }),
    );
    await at(clients, 0).query(`
      CREATE TABLE IF NOT EXISTS raw_events (
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
        CONSTRAINT raw_events_stream_version_unique UNIQUE (stream_id, stream_version)
      );
      CREATE INDEX IF NOT EXISTS raw_events_commit_order ON raw_events (transaction_id, global_position)`);
    return new RawPostgres(clients, rows);
  }

  insert(seconds: number, warmupSeconds: number): Promise<Rate> {
    const genesis = '0'.repeat(64);
    return closedLoop(this.clients.length, seconds, warmupSeconds, async (w) => {
      const i = this.next++;
      await at(this.clients, w).query(
        `INSERT INTO raw_events (event_id, stream_id, stream_version, type, schema_version,
                                 data, metadata, occurred_at, prev_hash, hash)
         VALUES ($1, $2, 1, 'StudentEnrolled', 1, $3, $4, $5, $6, $7)`,
        [
          randomUUID(),
          `${this.prefix}-${i}`,
          JSON.stringify(this.rows.data(i)),
          JSON.stringify(this.rows.metadata()),
          new Date().toISOString(),
          genesis,
          randomBytes(32).toString('hex'),
        ],
      );
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.clients.map((c) => c.end()));
  }
}
