import { Inject, Injectable } from '@nestjs/common';
import { PG_POOL } from '@bulwark/runtime';
import type { Pool } from 'pg';
import { iso, visible } from '../access';

/** A notice, its coverage by class and building, who has not acknowledged it, a student's notices. */
@Injectable()
export class NoticeQueries {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  async notice(noticeId: string) {
    const { rows } = await this.pool.query(`SELECT * FROM notices WHERE notice_id = $1`, [
      noticeId,
    ]);
    const n = rows[0];
    if (!n) return null;
    return {
      noticeId: n.notice_id as string,
      title: n.title as string,
      body: n.body as string,
      audience: n.audience as {
        unitCode: string;
        line: 'academic' | 'residential';
        level: string;
      }[],
      publishedBy: n.published_by as string,
      publishedAt: iso(n.published_at),
    };
  }

  private audienceFilter(audience: { unitCode: string; line: string }[]) {
    return {
      academic: audience.filter((a) => a.line === 'academic').map((a) => a.unitCode),
      residential: audience.filter((a) => a.line === 'residential').map((a) => a.unitCode),
    };
  }

  /**
   * Who must acknowledge a notice is read now, not at publication: every student currently
   * under one of its units, so a student who joins the audience later is expected too.
   * Coverage by class and by building (off-campus students apart).
   */
  async noticeCoverage(noticeId: string, scopes: string[]) {
    const notice = await this.notice(noticeId);
    if (!notice) return null;
    const { academic, residential } = this.audienceFilter(notice.audience);
    const audience = `s.class_code IS NOT NULL AND (s.class_path && $2::text[] OR s.room_path && $3::text[])
      AND ${visible('$4', 's.class_path', 's.room_path')}`;
    const params = [noticeId, academic, residential, scopes];
    const [byClass, byBuilding] = await Promise.all([
      this.pool.query(
        `SELECT s.class_code AS unit, count(*)::int AS expected, count(a.student_number)::int AS acknowledged
           FROM roster_replica_students s LEFT JOIN notice_acknowledgements a ON a.notice_id = $1 AND a.student_number = s.student_number
          WHERE ${audience} GROUP BY 1 ORDER BY 1`,
        params,
      ),
      this.pool.query(
        `SELECT coalesce(s.room_path[3], 'off-campus') AS unit, count(*)::int AS expected,
                count(a.student_number)::int AS acknowledged
           FROM roster_replica_students s LEFT JOIN notice_acknowledgements a ON a.notice_id = $1 AND a.student_number = s.student_number
          WHERE ${audience} GROUP BY 1 ORDER BY 1`,
        params,
      ),
    ]);
    const withShare = (r: { unit: string; expected: number; acknowledged: number }) => ({
      ...r,
      coverage: r.expected === 0 ? 1 : Math.round((r.acknowledged / r.expected) * 10_000) / 10_000,
    });
    const expected = byClass.rows.reduce((n, r) => n + r.expected, 0);
    const acknowledged = byClass.rows.reduce((n, r) => n + r.acknowledged, 0);
    return {
      ...notice,
      expected,
      acknowledged,
      coverage: withShare({ unit: notice.noticeId, expected, acknowledged }).coverage,
      byClass: byClass.rows.map((r) => {
        const { unit, ...rest } = withShare(r);
        return { classCode: unit, ...rest };
      }),
      byBuilding: byBuilding.rows.map((r) => {
        const { unit, ...rest } = withShare(r);
        return { buildingCode: unit, ...rest };
      }),
    };
  }

  /** Students in a notice's audience (now) who have not acknowledged it. */
  async unacknowledged(noticeId: string, scopes: string[], limit: number, offset: number) {
    const notice = await this.notice(noticeId);
    if (!notice) return null;
    const { academic, residential } = this.audienceFilter(notice.audience);
    const where = `s.class_code IS NOT NULL AND (s.class_path && $2::text[] OR s.room_path && $3::text[])
      AND ${visible('$4', 's.class_path', 's.room_path')}
      AND NOT EXISTS (SELECT 1 FROM notice_acknowledgements a WHERE a.notice_id = $1 AND a.student_number = s.student_number)`;
    const params = [noticeId, academic, residential, scopes];
    const [page, count] = await Promise.all([
      this.pool.query(
        `SELECT s.student_number, s.name, s.class_code, s.room_path[3] AS building_code FROM roster_replica_students s
          WHERE ${where} ORDER BY s.class_code, s.student_number LIMIT $5 OFFSET $6`,
        [...params, limit, offset],
      ),
      this.pool.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM roster_replica_students s WHERE ${where}`,
        params,
      ),
    ]);
    return {
      noticeId,
      total: count.rows[0]?.n ?? 0,
      students: page.rows.map((s) => ({
        studentNumber: s.student_number,
        name: s.name,
        classCode: s.class_code,
        buildingCode: s.building_code,
      })),
    };
  }

  /** Notices addressed to a student now, each with whether they acknowledged it. */
  async noticesFor(studentNumber: string) {
    const { rows } = await this.pool.query(
      `SELECT n.notice_id, n.title, n.published_at, a.acknowledged_at
         FROM roster_replica_students s
         JOIN notices n ON EXISTS (
           SELECT 1 FROM jsonb_to_recordset(n.audience) AS u("unitCode" text, line text)
            WHERE (u.line = 'academic' AND u."unitCode" = ANY(s.class_path))
               OR (u.line = 'residential' AND u."unitCode" = ANY(coalesce(s.room_path, '{}'))))
         LEFT JOIN notice_acknowledgements a ON a.notice_id = n.notice_id AND a.student_number = s.student_number
        WHERE s.student_number = $1
        ORDER BY n.published_at DESC`,
      [studentNumber],
    );
    return rows.map((n) => ({
      noticeId: n.notice_id,
      title: n.title,
      publishedAt: iso(n.published_at),
      acknowledged: n.acknowledged_at !== null,
      acknowledgedAt: iso(n.acknowledged_at),
    }));
  }
}
