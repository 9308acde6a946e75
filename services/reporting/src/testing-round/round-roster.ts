import { Inject, Injectable } from '@nestjs/common';
import { WHOLE_UNIVERSITY, type Actor } from '@bulwark/auth';
import { PG_POOL } from '@bulwark/runtime';
import type { Pool } from 'pg';
import type { Counsellor, RoundStudent } from './domain';

/**
 * What a round reads of the roster copy: the students on campus now, and the classes and
 * communities a token's scopes cover. The slice's only reach outside its own streams.
 */
@Injectable()
export class RoundRoster {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  /** The students on campus now (of some communities, or all), as a round takes them. */
  async studentsOnCampus(communities: readonly string[] | 'all'): Promise<RoundStudent[]> {
    const all = communities === 'all';
    const { rows } = await this.pool.query<{
      student_number: string;
      name: string | null;
      class_code: string;
      class_path: string[];
      room_code: string;
      room_path: string[];
    }>(
      `SELECT student_number, name, class_code, class_path, room_code, room_path FROM roster_replica_students
        WHERE on_campus AND class_code IS NOT NULL AND room_code IS NOT NULL
          AND ($1::boolean OR room_path[2] = ANY($2::text[]))
        ORDER BY student_number`,
      [all, all ? [] : [...communities]],
    );
    return rows.map((r) => ({
      studentNumber: r.student_number,
      name: r.name ?? r.student_number,
      classCode: r.class_code,
      classPath: r.class_path,
      roomCode: r.room_code,
      roomPath: r.room_path,
    }));
  }

  /** The classes and communities the actor's scopes cover ('*' covers all). */
  async counsellorOf(actor: Actor): Promise<Counsellor> {
    const all = actor.scopes.includes(WHOLE_UNIVERSITY);
    const { rows } = await this.pool.query<{ code: string; kind: 'class' | 'community' }>(
      `SELECT code, level AS kind FROM roster_replica_units
        WHERE level IN ('class', 'community') AND ($1::boolean OR path && $2::text[])
       UNION
       SELECT DISTINCT class_code, 'class' FROM roster_replica_students
        WHERE class_code IS NOT NULL AND ($1::boolean OR class_path && $2::text[])
       UNION
       SELECT DISTINCT room_path[2], 'community' FROM roster_replica_students
        WHERE room_path IS NOT NULL AND ($1::boolean OR room_path && $2::text[])`,
      [all, actor.scopes],
    );
    return {
      actorId: actor.id,
      classes: rows.filter((r) => r.kind === 'class').map((r) => r.code),
      communities: rows.filter((r) => r.kind === 'community').map((r) => r.code),
    };
  }

  /** The paths of these units on the roster copy, by code (unknown codes left out). */
  async unitPaths(codes: readonly string[]): Promise<Map<string, string[]>> {
    const { rows } = await this.pool.query<{ code: string; path: string[] }>(
      `SELECT code, path FROM roster_replica_units WHERE code = ANY($1::text[])`,
      [codes],
    );
    return new Map(rows.map((r) => [r.code, r.path]));
  }
}
