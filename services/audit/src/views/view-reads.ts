import type { Pool, PoolClient, QueryResult, QueryResultRow } from 'pg';
import { viewTable } from './view-catalogue';
import type { ViewName } from './view-definition';

/** Which moment a view is read at: now (live), an instant, or a log position. */
export interface AsOf {
  /** An instant: the view as it was after every ingest that had committed by then. */
  at?: string | undefined;
  /** A log position: the view after log entries 1..seq. */
  seq?: number | undefined;
  /** A version other than the live one (a scratch replay, a retired version). */
  version?: number | undefined;
}

/** Where a view answer stands, returned with it so the same answer can be asked for again. */
export interface Position {
  view: ViewName;
  version: number;
  /** The answer holds exactly the log entries 1..seq. */
  seq: number;
  /** When the ingest that brought the log to `seq` committed (null at 0). */
  committedAt: string | null;
}

export interface Page {
  limit?: number | undefined;
  offset?: number | undefined;
}

export class ViewNotFound extends Error {}

/** One request's reads: every query on one connection, in one read-only snapshot. */
export interface ViewSnapshot {
  query<R extends QueryResultRow>(text: string, params: unknown[]): Promise<QueryResult<R>>;
  /** How many facts of `table` match `where` at log position `seq`. */
  count(table: string, where: string, params: unknown[], seq: number): Promise<number>;
}

const UNDEFINED_TABLE = '42P01';

/**
 * Reads of the audit views, shared by every view's queries. Every answer is taken at one log
 * position: the live one, or the one an "as of" instant maps to (the last ingest committed by
 * then). View facts carry the log position they came from and are never changed, so
 * `seq <= position` gives exactly what the view held at that position, the live answer
 * included. Each answer is read on one connection in one REPEATABLE READ, READ ONLY
 * transaction: the position, its version and every query of the answer see one snapshot, so
 * nothing committed meanwhile (an ingest, a rebuild's switch) shows in half of an answer.
 */
export class ViewReads {
  constructor(
    private readonly pool: Pool,
    private readonly options: {
      /**
       * Called inside the snapshot once the position is read, before the view's queries:
       * tests commit a write here to show it does not reach the answer.
       */
      afterPosition?: () => Promise<void>;
    } = {},
  ) {}

  /**
   * Resolves the position, then reads the version's table at it, in one snapshot. A version
   * dropped by a rebuild before this snapshot touched its table is read again at the new live
   * version.
   */
  async read<T>(
    view: ViewName,
    asOf: AsOf,
    query: (table: string, position: Position, db: ViewSnapshot) => Promise<T>,
  ): Promise<{ asOf: Position } & T> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await this.inSnapshot(async (db) => {
          const position = await positionIn(db, view, asOf);
          await this.options.afterPosition?.();
          const body = await query(viewTable(view, position.version), position, db);
          return { asOf: position, ...body };
        });
      } catch (error) {
        if ((error as { code?: string }).code !== UNDEFINED_TABLE || attempt >= 3) throw error;
      }
    }
  }

  private async inSnapshot<T>(work: (db: ViewSnapshot) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      const result = await work(snapshotOn(client));
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }
}

function snapshotOn(client: PoolClient): ViewSnapshot {
  return {
    query: <R extends QueryResultRow>(text: string, params: unknown[]) =>
      client.query<R>(text, params),
    async count(table, where, params, seq) {
      const n = params.length + 1;
      const { rows } = await client.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM ${table} WHERE ${where} AND seq <= $${n}`,
        [...params, seq],
      );
      return rows[0]?.n ?? 0;
    },
  };
}

/** Where a view answer stands: the version asked for (or the live one) at the asked moment. */
async function positionIn(db: ViewSnapshot, view: ViewName, asOf: AsOf): Promise<Position> {
  const { rows } = await db.query<{
    version: number;
    status: string;
    watermark: string;
    head: string;
    at_seq: string | null;
  }>(
    `SELECT v.version, v.status, v.watermark, h.seq AS head,
            (SELECT max(last_seq) FROM audit_ingest_batches WHERE committed_at <= $3::timestamptz) AS at_seq
       FROM view_versions v, audit_chain_head h
      WHERE v.view = $1 AND (CASE WHEN $2::int IS NULL THEN v.status = 'live' ELSE v.version = $2 END)
        AND v.status <> 'dropped'`,
    [view, asOf.version ?? null, asOf.at ?? null],
  );
  const r = rows[0];
  if (!r) {
    throw new ViewNotFound(
      asOf.version ? `${view} has no version ${asOf.version}` : `${view} has no live version yet`,
    );
  }
  // The live version is fed in the ingest transaction: its facts reach the chain head.
  let seq = r.status === 'live' ? Number(r.head) : Number(r.watermark);
  if (asOf.at !== undefined) seq = Math.min(seq, Number(r.at_seq ?? 0));
  if (asOf.seq !== undefined) seq = Math.min(seq, asOf.seq);
  const at = await db.query<{ committed_at: Date | null }>(
    `SELECT max(committed_at) AS committed_at FROM audit_ingest_batches WHERE last_seq <= $1`,
    [seq],
  );
  return {
    view,
    version: r.version,
    seq,
    committedAt: at.rows[0]?.committed_at?.toISOString() ?? null,
  };
}

/** A page's size: 500 unless asked, 1 to 5,000. */
export function limit(page: Page): number {
  return Math.min(Math.max(page.limit ?? 500, 1), 5000);
}

/** A per-event view's fact joined with its log entry, as answered. */
export function entry(r: Record<string, unknown>) {
  return {
    seq: Number(r.seq),
    at: (r.occurred_at as Date).toISOString(),
    context: r.context as string,
    type: r.type as string,
    streamId: r.stream_id as string,
    actor: r.actor as string | undefined,
    eventId: r.event_id as string,
    correlationId: (r.correlation_id as string | null) ?? null,
    data: r.data,
  };
}
