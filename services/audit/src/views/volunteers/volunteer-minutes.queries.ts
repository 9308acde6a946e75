import type { AsOf, ViewReads } from '../view-reads';

/** Service minutes per volunteer and per team. */
export function volunteerMinutes(
  reads: ViewReads,
  asOf: AsOf,
  filter: { team?: string | undefined },
) {
  return reads.read('volunteer_minutes', asOf, async (table, p, db) => {
    const { rows } = await db.query(
      `SELECT volunteer_id, (array_agg(team ORDER BY seq DESC) FILTER (WHERE team IS NOT NULL))[1] AS team,
              sum(minutes)::text AS minutes, count(*)::int AS entries
         FROM ${table} WHERE seq <= $1
        GROUP BY volunteer_id ORDER BY volunteer_id`,
      [p.seq],
    );
    const volunteers = rows
      .map((r) => ({
        volunteerId: r.volunteer_id as string,
        team: (r.team as string | null) ?? null,
        minutes: Number(r.minutes),
        entries: r.entries as number,
      }))
      .filter((v) => filter.team === undefined || v.team === filter.team);
    const teams = new Map<string, { team: string; minutes: number; volunteers: number }>();
    for (const v of volunteers) {
      const key = v.team ?? 'unassigned';
      const t = teams.get(key) ?? { team: key, minutes: 0, volunteers: 0 };
      t.minutes += v.minutes;
      t.volunteers += 1;
      teams.set(key, t);
    }
    return {
      minutes: volunteers.reduce((n, v) => n + v.minutes, 0),
      teams: [...teams.values()].sort((a, b) => a.team.localeCompare(b.team)),
      volunteers,
    };
  });
}
