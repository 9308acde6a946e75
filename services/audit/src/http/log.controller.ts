import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Authorize } from '@bulwark/auth';
import { PG_POOL } from '@bulwark/runtime';
import type { Pool } from 'pg';
import { selectLog } from '../export/log-selection';
import { ViewVersions } from '../views/view-versions';
import { LogQuery } from './queries.dto';

/** The log itself, its integrity incidents, and the versions of the views (read only). */
@ApiTags('audit log')
@ApiBearerAuth()
@Authorize('auditor')
@Controller()
export class LogController {
  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    private readonly versions: ViewVersions,
  ) {}

  @Get('log')
  @ApiOperation({
    summary: 'Log entries in ingest order, a page at a time (continue with afterSeq)',
  })
  async log(@Query() q: LogQuery) {
    const limit = q.limit ?? 1000;
    const entries = await selectLog(
      this.pool,
      {
        from: q.from,
        to: q.to,
        streams: q.stream,
        studentNumber: q.student,
        actor: q.actor,
        types: q.type,
        contexts: q.context,
      },
      q.afterSeq ?? 0,
      limit,
    );
    return {
      entries,
      nextAfterSeq: entries.length === limit ? entries[entries.length - 1].seq : null,
    };
  }

  @Get('integrity/incidents')
  @ApiOperation({ summary: 'Broken links, gaps and unreadable envelopes found at ingest' })
  async incidents() {
    const { rows } = await this.pool.query(
      `SELECT id, detected_at, kind, context, stream_seq, stream_id, stream_version, event_id, seq, expected,
              stored_hash, computed_hash, detail
         FROM integrity_incidents ORDER BY id`,
    );
    return {
      incidents: rows.map((r) => ({
        ...r,
        id: Number(r.id),
        stream_seq: Number(r.stream_seq),
        seq: r.seq === null ? null : Number(r.seq),
      })),
    };
  }

  @Get('views')
  @ApiOperation({ summary: 'Versions of every view, and every recorded switch' })
  async views() {
    const [versions, switches] = await Promise.all([
      this.versions.list(),
      this.versions.switches(),
    ]);
    return { versions, switches };
  }
}
