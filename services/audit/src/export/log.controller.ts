import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Authorize } from '@bulwark/auth';
import { PG_POOL } from '@bulwark/runtime';
import type { Pool } from 'pg';
import { LogQuery } from './log-query.dto';
import { selectLog } from './log-selection';

/** The log itself, a page at a time (read only): what the CLI exports over HTTP. */
@ApiTags('audit log')
@ApiBearerAuth()
@Authorize('auditor')
@Controller()
export class LogController {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

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
    const last = entries.at(-1);
    return { entries, nextAfterSeq: entries.length === limit && last ? last.seq : null };
  }
}
