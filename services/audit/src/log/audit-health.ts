import { Inject, Injectable } from '@nestjs/common';
import { PG_POOL, type HealthDetails } from '@bulwark/runtime';
import type { Pool } from 'pg';
import { AuditIngestion } from './audit-ingestion';
import { oneRow } from '../one-row';

/**
 * The audit's part of `/health`: ingestion per context, and integrity. A broken chain or a gap
 * makes the service 'degraded' (200: it still works and must keep serving the auditors) and
 * names the first incident; ingestion that has halted on a context is 'degraded' too.
 */
@Injectable()
export class AuditHealth implements HealthDetails {
  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    private readonly ingestion: AuditIngestion,
  ) {}

  async health() {
    const found = await this.pool.query<{
      n: number;
      first: Record<string, unknown> | null;
      head: string;
    }>(
      `SELECT (SELECT count(*)::int FROM integrity_incidents) AS n,
              (SELECT row_to_json(i) FROM (SELECT id, kind, context, stream_id, stream_version, event_id, seq,
                                                  detected_at, detail
                                             FROM integrity_incidents ORDER BY id LIMIT 1) i) AS first,
              (SELECT seq FROM audit_chain_head) AS head`,
    );
    const { n: incidents, first, head } = oneRow(found, 'the integrity summary');
    const ingest = this.ingestion.status();
    const halted = ingest.contexts.some((c) => c.halted);
    return {
      status: incidents > 0 || halted ? ('degraded' as const) : ('up' as const),
      integrity: {
        status: incidents > 0 ? 'breached' : 'intact',
        incidents,
        firstIncident: first,
      },
      ingest: { ...ingest, logHead: Number(head) },
    };
  }
}
