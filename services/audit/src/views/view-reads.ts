import type { Pool, QueryResultRow } from 'pg';
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

const UNDEFINED_TABLE = '42P01';

/**
 * Reads of the audit views, shared by every view's queries. Every answer is taken at one log
 * position: the live one, or the one an "as of" instant maps to (the last ingest committed by
 * then). View facts carry the log position they came from and are never changed, so
 * `seq <= position` gives exactly what the view held at that position, the live answer
 * included.
 */
export class ViewReads {
  constructor(private readonly pool: Pool) {}

  query<R extends QueryResultRow>(text: string, params: unknown[]) {
    return this.pool.query<R>(text, params);
  }

  async position(view: ViewName, asOf: AsOf = {}): Promise<Position> {
    const { rows } = await this.pool.query<{
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
    const at = await this.pool.query<{ committed_at: Date | null }>(
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

  /**
   * Resolves the position, then reads the version's table at it. A version retired and
   * dropped between the two (by a rebuild) is read again at the new live version.
   */
  async read<T>(
    view: ViewName,
    asOf: AsOf,
    query: (table: string, position: Position) => Promise<T>,
  ): Promise<{ asOf: Position } & T> {
    for (let attempt = 1; ; attempt += 1) {
      const position = await this.position(view, asOf);
      try {
        const body = await query(viewTable(view, position.version), position);
        return { asOf: position, ...body };
      } catch (error) {
        if ((error as { code?: string }).code !== UNDEFINED_TABLE || attempt >= 3) throw error;
      }
    }
  }

  /** How many facts of `table` match `where` at log position `seq`. */
  async count(table: string, where: string, params: unknown[], seq: number): Promise<number> {
    const n = params.length + 1;
    const { rows } = await this.pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM ${table} WHERE ${where} AND seq <= $${n}`,
      [...params, seq],
    );
    return rows[0]?.n ?? 0;
  }
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
