import { AsOf, entry, limit, Page, ViewReads } from '../view-reads';

/** Everything that happened to a student, across contexts, in the order it happened. */
export function studentTimeline(reads: ViewReads, studentNumber: string, asOf: AsOf, page: Page) {
  return reads.read('student_timeline', asOf, async (table, p, db) => {
    const { rows } = await db.query(
      `SELECT v.seq, v.occurred_at, v.context, v.type, v.stream_id, v.actor, l.event_id, l.correlation_id,
              l.envelope->'data' AS data
         FROM ${table} v JOIN audit_log l ON l.seq = v.seq
        WHERE v.student_number = $1 AND v.seq <= $2
        ORDER BY v.occurred_at, v.seq LIMIT $3 OFFSET $4`,
      [studentNumber, p.seq, limit(page), page.offset ?? 0],
    );
    const total = await db.count(table, 'student_number = $1', [studentNumber], p.seq);
    return { studentNumber, total, entries: rows.map(entry) };
  });
}
