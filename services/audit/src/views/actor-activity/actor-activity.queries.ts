import { AsOf, entry, limit, Page, ViewReads } from '../view-reads';

export interface ActivityRange extends Page {
  from?: string | undefined;
  to?: string | undefined;
}

/** Everything an actor did, when. */
export function actorActivity(reads: ViewReads, actor: string, asOf: AsOf, page: ActivityRange) {
  return reads.read('actor_activity', asOf, async (table, p, db) => {
    const range = `($3::timestamptz IS NULL OR v.occurred_at >= $3) AND ($4::timestamptz IS NULL OR v.occurred_at < $4)`;
    const { rows } = await db.query(
      `SELECT v.seq, v.occurred_at, v.context, v.type, v.stream_id, v.student_numbers, l.event_id,
              l.correlation_id, l.envelope->'data' AS data
         FROM ${table} v JOIN audit_log l ON l.seq = v.seq
        WHERE v.actor = $1 AND v.seq <= $2 AND ${range}
        ORDER BY v.occurred_at, v.seq LIMIT $5 OFFSET $6`,
      [actor, p.seq, page.from ?? null, page.to ?? null, limit(page), page.offset ?? 0],
    );
    const total = await db.count(
      table,
      `actor = $1 AND ($2::timestamptz IS NULL OR occurred_at >= $2) AND ($3::timestamptz IS NULL OR occurred_at < $3)`,
      [actor, page.from ?? null, page.to ?? null],
      p.seq,
    );
    return {
      actor,
      total,
      entries: rows.map((r) => ({ ...entry(r), studentNumbers: r.student_numbers })),
    };
  });
}
