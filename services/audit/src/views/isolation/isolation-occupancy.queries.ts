import type { AsOf, ViewReads } from '../view-reads';

export interface TimeRange {
  from?: string | undefined;
  to?: string | undefined;
}

/** Students in isolation over time, by kind of place: every change, and the count now. */
export function isolationOccupancy(reads: ViewReads, asOf: AsOf, range: TimeRange) {
  return reads.read('isolation_occupancy', asOf, async (table, p, db) => {
    const { rows } = await db.query(
      `SELECT place_kind, occurred_at, seq, student_number, delta, occupancy FROM (
         SELECT place_kind, occurred_at, seq, student_number, delta,
                sum(delta) OVER (PARTITION BY place_kind ORDER BY occurred_at, seq)::int AS occupancy
           FROM ${table} WHERE seq <= $1) s
        WHERE ($2::timestamptz IS NULL OR occurred_at >= $2) AND ($3::timestamptz IS NULL OR occurred_at < $3)
        ORDER BY occurred_at, seq`,
      [p.seq, range.from ?? null, range.to ?? null],
    );
    const current = await db.query<{ place_kind: string; occupancy: number }>(
      `SELECT place_kind, sum(delta)::int AS occupancy FROM ${table}
        WHERE seq <= $1 AND ($2::timestamptz IS NULL OR occurred_at < $2)
        GROUP BY place_kind ORDER BY place_kind`,
      [p.seq, range.to ?? null],
    );
    return {
      occupancy: current.rows.map((r) => ({ placeKind: r.place_kind, occupancy: r.occupancy })),
      total: current.rows.reduce((n, r) => n + r.occupancy, 0),
      series: rows.map((r) => ({
        at: (r.occurred_at as Date).toISOString(),
        placeKind: r.place_kind,
        studentNumber: r.student_number,
        change: r.delta,
        occupancy: r.occupancy,
        seq: Number(r.seq),
      })),
    };
  });
}
