import type { AsOf, ViewReads } from '../view-reads';

export interface DayRange {
  from?: string | undefined;
  to?: string | undefined;
}

export interface Day {
  day: string;
  delivered: number;
  failed: number;
  byMeal: Record<string, { delivered: number; failed: number }>;
}

/** Meals delivered and failed, per day and meal. */
export function mealDeliveries(reads: ViewReads, asOf: AsOf, range: DayRange) {
  return reads.read('meal_deliveries', asOf, async (table, p, db) => {
    const { rows } = await db.query<{
      day: string;
      meal: string;
      delivered: number;
      failed: number;
    }>(
      `SELECT to_char(day, 'YYYY-MM-DD') AS day, coalesce(meal, 'unspecified') AS meal,
              count(*) FILTER (WHERE outcome = 'delivered')::int AS delivered,
              count(*) FILTER (WHERE outcome = 'failed')::int AS failed
         FROM ${table}
        WHERE seq <= $1 AND ($2::date IS NULL OR day >= $2) AND ($3::date IS NULL OR day <= $3)
        GROUP BY day, meal ORDER BY day, meal`,
      [p.seq, range.from ?? null, range.to ?? null],
    );
    const days = new Map<string, Day>();
    for (const r of rows) {
      const d: Day = days.get(r.day) ?? { day: r.day, delivered: 0, failed: 0, byMeal: {} };
      d.delivered += r.delivered;
      d.failed += r.failed;
      d.byMeal[r.meal] = { delivered: r.delivered, failed: r.failed };
      days.set(r.day, d);
    }
    const list = [...days.values()];
    return {
      delivered: list.reduce((n, d) => n + d.delivered, 0),
      failed: list.reduce((n, d) => n + d.failed, 0),
      days: list,
    };
  });
}
