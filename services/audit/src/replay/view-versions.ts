import { AdvisoryLease } from '@bulwark/event-store';
import type { Pool } from 'pg';
import { oneRow } from '../one-row';
import { viewDefinitions } from '../views/view-catalogue';
import { VIEW_NAMES, ViewName } from '../views/view-definition';
import { Progress, ReplayFilter, ViewTables } from './view-tables';

export interface VersionInfo {
  view: ViewName;
  version: number;
  status: 'building' | 'live' | 'retired' | 'scratch' | 'dropped';
  /** The revision of the view's definition the version was built with. */
  revision: number;
  watermark: number;
  filter: ReplayFilter | null;
  createdBy: string;
  createdAt: string;
  note: string | null;
}

export interface RebuildResult {
  view: ViewName;
  fromVersion: number | null;
  toVersion: number;
  /** Log entries replayed into the new version. */
  events: number;
  /** Rows the new version holds. */
  rows: number;
  switchedAtSeq: number;
  ms: number;
}

export interface RebuildOptions {
  actor: string;
  reason: string;
  /** Log entries per transaction while bulk loading. */
  chunk?: number | undefined;
  onProgress?: Progress | undefined;
  /**
   * Called with the chain's head locked, once the final catch-up is read and before the switch
   * commits: tests hold the rebuild here to make ingestion arrive at that moment.
   */
  whileSwitching?: () => Promise<void>;
}

/**
 * Versions of the views, blue/green: a rebuild fills a new version from the log while the
 * live one keeps serving and ingestion keeps feeding it, then, under the lock of the chain's
 * head (ingestion waits a moment), catches up the last entries and switches the live pointer
 * in one transaction; the switch is recorded (who, when, from, to, at which log position).
 */
export class ViewVersions {
  private readonly tables: ViewTables;

  constructor(private readonly pool: Pool) {
    this.tables = new ViewTables(pool);
  }

  async list(view?: ViewName): Promise<VersionInfo[]> {
    const { rows } = await this.pool.query(
      `SELECT view, version, status, revision, watermark, filter, created_by, created_at, note FROM view_versions
        WHERE $1::text IS NULL OR view = $1 ORDER BY view, version`,
      [view ?? null],
    );
    return rows.map(toInfo);
  }

  async switches(view?: ViewName) {
    const { rows } = await this.pool.query(
      `SELECT id, view, from_version, to_version, switched_by, switched_at, at_seq, reason FROM view_switches
        WHERE $1::text IS NULL OR view = $1 ORDER BY id`,
      [view ?? null],
    );
    return rows.map((r) => ({
      id: Number(r.id),
      view: r.view as ViewName,
      fromVersion: r.from_version as number | null,
      toVersion: r.to_version as number,
      switchedBy: r.switched_by as string,
      switchedAt: (r.switched_at as Date).toISOString(),
      atSeq: Number(r.at_seq),
      reason: r.reason as string,
    }));
  }

  /** The live version of a view (null before its first build). */
  async live(view: ViewName): Promise<number | null> {
    const { rows } = await this.pool.query<{ version: number }>(
      `SELECT version FROM view_versions WHERE view = $1 AND status = 'live'`,
      [view],
    );
    return rows[0]?.version ?? null;
  }

  /** The revision the live version of a view was built with (null before its first build). */
  async liveRevision(view: ViewName): Promise<number | null> {
    const { rows } = await this.pool.query<{ revision: number }>(
      `SELECT revision FROM view_versions WHERE view = $1 AND status = 'live'`,
      [view],
    );
    return rows[0]?.revision ?? null;
  }

  /**
   * Builds every view that has no live version yet (first start, or a view added later), and
   * rebuilds every view whose live version an older revision of its definition built.
   */
  async ensureLive(actor: string, onProgress?: Progress): Promise<RebuildResult[]> {
    const built: RebuildResult[] = [];
    for (const view of VIEW_NAMES) {
      const revision = await this.liveRevision(view);
      const wanted = viewDefinitions[view].revision;
      if (revision === null)
        built.push(await this.rebuild(view, { actor, reason: 'first build', onProgress }));
      else if (revision < wanted) {
        const reason = `definition revision ${revision} -> ${wanted}`;
        built.push(await this.rebuild(view, { actor, reason, onProgress }));
      }
    }
    return built;
  }

  /**
   * Rebuilds a view from the whole log into a new version, then makes it the live one.
   * Serves and ingests throughout; only the final catch-up holds the chain's head.
   */
  async rebuild(view: ViewName, options: RebuildOptions): Promise<RebuildResult> {
    const started = Date.now();
    const lease = new AdvisoryLease(this.pool, `audit-rebuild:${view}`);
    if (!(await lease.tryAcquire()))
      throw new Error(`another rebuild of ${view} is running: try again when it is done`);
    try {
      await this.dropRetired(view);
      const version = await this.newVersion(view, 'building', null, options.actor, options.reason);
      await this.tables.create(view, version);
      const t = this.tables;
      let loaded = await t.fill(view, version, { from: 0, to: await t.headSeq() }, null, options);
      await t.createIndexes(view, version);
      // Ingestion went on meanwhile: catch up without the lock while there is much to do, so
      // the final catch-up under the lock is short.
      for (let head = await t.headSeq(); head - loaded > 10_000; head = await t.headSeq())
        loaded = await t.fill(view, version, { from: loaded, to: head }, null, options);
      const tx = await this.pool.connect();
      try {
        await tx.query('BEGIN');
        const final = Number(
          oneRow(
            await tx.query<{ seq: string }>('SELECT seq FROM audit_chain_head FOR UPDATE'),
            'the chain head',
          ).seq,
        );
        await t.advance(tx, view, version, loaded, final, null);
        await options.whileSwitching?.();
        const from = await tx.query<{ version: number }>(
          `UPDATE view_versions SET status = 'retired' WHERE view = $1 AND status = 'live' RETURNING version`,
          [view],
        );
        await tx.query(
          `UPDATE view_versions SET status = 'live', watermark = $3 WHERE view = $1 AND version = $2`,
          [view, version, final],
        );
        const fromVersion = from.rows[0]?.version ?? null;
        await tx.query(
          `INSERT INTO view_switches (view, from_version, to_version, switched_by, at_seq, reason)
           VALUES ($1, $2, $3, $4, $5, $6)`,
          [view, fromVersion, version, options.actor, final, options.reason],
        );
        await tx.query('COMMIT');
        const rows = await t.rowCount(view, version);
        return {
          view,
          fromVersion,
          toVersion: version,
          events: final,
          rows,
          switchedAtSeq: final,
          ms: Date.now() - started,
        };
      } catch (error) {
        await tx.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        tx.release();
      }
    } finally {
      await lease.release();
    }
  }

  /**
   * Replays part of the log (a time range, some streams or contexts) into a scratch version
   * of a view for an investigation. It never goes live and does not follow new entries.
   */
  async scratch(
    view: ViewName,
    filter: ReplayFilter,
    options: Omit<RebuildOptions, 'reason'> & { note?: string | undefined },
  ): Promise<VersionInfo> {
    const version = await this.newVersion(
      view,
      'scratch',
      filter,
      options.actor,
      options.note ?? 'scratch replay',
    );
    await this.tables.create(view, version);
    const head = await this.tables.headSeq();
    await this.tables.fill(view, version, { from: 0, to: head }, filter, options);
    await this.tables.createIndexes(view, version);
    await this.pool.query(
      'UPDATE view_versions SET watermark = $3 WHERE view = $1 AND version = $2',
      [view, version, head],
    );
    return (await this.list(view)).find((v) => v.version === version)!;
  }

  /** Drops a scratch or retired version's table (the record of it stays). */
  async drop(view: ViewName, version: number): Promise<void> {
    const { rows } = await this.pool.query<{ status: string }>(
      'SELECT status FROM view_versions WHERE view = $1 AND version = $2',
      [view, version],
    );
    const status = rows[0]?.status;
    if (!status) throw new Error(`${view} has no version ${version}`);
    if (status === 'live' || status === 'building')
      throw new Error(`${view} v${version} is ${status}: only scratch or retired versions drop`);
    await this.tables.drop(view, version);
    await this.pool.query(
      `UPDATE view_versions SET status = 'dropped' WHERE view = $1 AND version = $2`,
      [view, version],
    );
  }

  private async dropRetired(view: ViewName): Promise<void> {
    const { rows } = await this.pool.query<{ version: number }>(
      `SELECT version FROM view_versions WHERE view = $1 AND status IN ('retired', 'building')`,
      [view],
    );
    for (const r of rows) {
      await this.tables.drop(view, r.version);
      await this.pool.query(
        `UPDATE view_versions SET status = 'dropped' WHERE view = $1 AND version = $2`,
        [view, r.version],
      );
    }
  }

  private async newVersion(
    view: ViewName,
    status: 'building' | 'scratch',
    filter: ReplayFilter | null,
    actor: string,
    note: string,
  ): Promise<number> {
    const { rows } = await this.pool.query<{ version: number }>(
      `INSERT INTO view_versions (view, version, status, filter, created_by, note, revision)
       SELECT $1, coalesce(max(version), 0) + 1, $2, $3, $4, $5, $6 FROM view_versions WHERE view = $1
       RETURNING version`,
      [
        view,
        status,
        filter ? JSON.stringify(filter) : null,
        actor,
        note,
        viewDefinitions[view].revision,
      ],
    );
    return oneRow({ rows }, 'the new version').version;
  }
}

function toInfo(r: Record<string, unknown>): VersionInfo {
  return {
    view: r.view as ViewName,
    version: r.version as number,
    status: r.status as VersionInfo['status'],
    revision: r.revision as number,
    watermark: Number(r.watermark),
    filter: (r.filter as ReplayFilter | null) ?? null,
    createdBy: r.created_by as string,
    createdAt: (r.created_at as Date).toISOString(),
    note: (r.note as string | null) ?? null,
  };
}
