import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsISO8601, IsOptional, Max, Min } from 'class-validator';
import type { AsOf, Page } from './view-reads';

export const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** "As of": an instant or a log position; or another version of the view (a scratch replay). */
export class AsOfQuery {
  @ApiPropertyOptional({ description: 'the view as it was at this instant (ISO 8601)' })
  @IsOptional()
  @IsISO8601({ strict: true })
  asOf?: string;

  @ApiPropertyOptional({ description: 'the view after log entries 1..asOfSeq' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  asOfSeq?: number;

  @ApiPropertyOptional({
    description: 'read this version (scratch or retired) instead of the live one',
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  version?: number;
}

export function asOfOf(q: AsOfQuery): AsOf {
  return { at: q.asOf, seq: q.asOfSeq, version: q.version };
}

export class PageQuery extends AsOfQuery implements Page {
  @ApiPropertyOptional({ description: 'entries per page, 1..5000' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(5000)
  limit?: number;

  @ApiPropertyOptional({ description: 'entries to skip' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  offset?: number;
}
