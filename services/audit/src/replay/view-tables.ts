import type { Pool, PoolClient } from 'pg';
import { columnNames, viewDefinitions, viewTable } from '../views/view-catalogue';
import type { ViewName } from '../views/view-definition';

/** Which part of the log a scratch version is built from (every field optional). */
export interface ReplayFilter {
  /** Events that occurred at or after this instant. */
  from?: string | undefined;
  /** Events that occurred before this instant. */
  to?: string | undefined;
  /** Only these streams (the CloudEvents subject, e.g. `student-2020110001`). */
  streams?: string[] | undefined;
  /** Only these contexts. */
  contexts?: string[] | undefined;
}

export interface Progress {
  (view: ViewName, done: number, total: number): void;
}

const FILTER = `($3::timestamptz IS NULL OR l.occurred_at >= $3)
  AND ($4::timestamptz IS NULL OR l.occurred_at < $4)
  AND ($5::text[] IS NULL OR l.stream_id = ANY($5))
  AND ($6::text[] IS NULL OR l.context = ANY($6))`;

/**
 * The tables of view versions: created, filled from the log by the same SELECT that feeds
 * the live version at ingest (set-based, in big ranges), indexed after the bulk load, dropped.
 */
export class ViewTables {
  constructor(private readonly pool: Pool) {}

  async create(view: ViewName, version: number): Promise<void> {
    const def = viewDefinitions[view];
    await this.pool.query(
      `CREATE TABLE ${viewTable(view, version)} (${def.columns.join(', ')}) WITH (autovacuum_enabled = on)`,
    );
  }

  async createIndexes(view: ViewName, version: number): Promise<void> {
    const table = viewTable(view, version);
    const def = viewDefinitions[view];
    await Promise.all(
      def.indexes.map((cols, i) =>
        this.pool.query(`CREATE INDEX ${table}_i${i} ON ${table} (${cols})`),
      ),
    );
    await this.pool.query(`ANALYZE ${table}`);
  }

  async drop(view: ViewName, version: number): Promise<void> {
    await this.pool.query(`DROP TABLE IF EXISTS ${viewTable(view, version)}`);
  }

  /** Bulk-loads log entries (from, to] in chunks, each its own transaction; returns `to`. */
  async fill(
    view: ViewName,
    version: number,
    range: { from: number; to: number },
    filter: ReplayFilter | null,
    options: { chunk?: number | undefined; onProgress?: Progress | undefined },
  ): Promise<number> {
    const chunk = options.chunk ?? 250_000;
    const { to } = range;
    let done = range.from;
    while (done < to) {
      const upto = Math.min(done + chunk, to);
      const tx = await this.pool.connect();
      try {
        await tx.query('BEGIN');
        // A lost chunk is rebuilt, not lost: no need to wait for the disk on each one.
        await tx.query('SET LOCAL synchronous_commit = off');
        // Views rebuild side by side, one per core: no parallel workers on top of that.
        await tx.query('SET LOCAL max_parallel_workers_per_gather = 0');
        await this.advance(tx, view, version, done, upto, filter);
        await tx.query('COMMIT');
      } catch (error) {
        await tx.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        tx.release();
      }
      done = upto;
      options.onProgress?.(view, done, to);
    }
    return to;
  }

  /** Appends the facts of log entries (from, to] to a version's table and moves its watermark. */
  async advance(
    tx: PoolClient,
    view: ViewName,
    version: number,
    from: number,
    to: number,
    filter: ReplayFilter | null,
  ): Promise<void> {
    if (to <= from) return;
    const def = viewDefinitions[view];
    await tx.query(
      `INSERT INTO ${viewTable(view, version)} (${columnNames(def).join(', ')})
       ${def.factsFrom('audit_log', `l.seq > $1 AND l.seq <= $2 AND ${FILTER}`)}`,
      [
        from,
        to,
        filter?.from ?? null,
        filter?.to ?? null,
        filter?.streams ?? null,
        filter?.contexts ?? null,
      ],
    );
    await tx.query('UPDATE view_versions SET watermark = $3 WHERE view = $1 AND version = $2', [
      view,
      version,
      to,
    ]);
  }

  async rowCount(view: ViewName, version: number): Promise<number> {
    const { rows } = await this.pool.query<{ n: string }>(
      `SELECT count(*) AS n FROM ${viewTable(view, version)}`,
    );
    return Number(rows[0]?.n ?? 0);
  }

  /** The log's last position (the global chain's head), without locking it. */
  async headSeq(): Promise<number> {
    const { rows } = await this.pool.query<{ seq: string }>('SELECT seq FROM audit_chain_head');
    return Number(rows[0]?.seq ?? 0);
  }
}
