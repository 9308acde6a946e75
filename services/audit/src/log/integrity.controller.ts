import { Controller, Get, Inject } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Authorize } from '@bulwark/auth';
import { PG_POOL } from '@bulwark/runtime';
import type { Pool } from 'pg';

/** What ingestion found broken (read only). */
@ApiTags('audit log')
@ApiBearerAuth()
@Authorize('auditor')
@Controller()
export class IntegrityController {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

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
}
