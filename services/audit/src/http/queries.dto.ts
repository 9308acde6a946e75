import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  IsArray,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import type { AsOf } from '../views/view-queries';

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

export class PageQuery extends AsOfQuery {
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(5000)
  limit?: number;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  offset?: number;
}

export class ActivityQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'occurred at or after (ISO 8601)' })
  @IsOptional()
  @IsISO8601({ strict: true })
  from?: string;

  @ApiPropertyOptional({ description: 'occurred before (ISO 8601)' })
  @IsOptional()
  @IsISO8601({ strict: true })
  to?: string;
}

export class TimeRangeQuery extends AsOfQuery {
  @IsOptional()
  @IsISO8601({ strict: true })
  from?: string;

  @IsOptional()
  @IsISO8601({ strict: true })
  to?: string;
}

export class DayRangeQuery extends AsOfQuery {
  @ApiPropertyOptional({ description: 'first day (YYYY-MM-DD)' })
  @IsOptional()
  @Matches(DAY, { message: 'from must be a day YYYY-MM-DD' })
  from?: string;

  @ApiPropertyOptional({ description: 'last day (YYYY-MM-DD)' })
  @IsOptional()
  @Matches(DAY, { message: 'to must be a day YYYY-MM-DD' })
  to?: string;
}

export class MinutesQuery extends AsOfQuery {
  @IsOptional()
  @IsString()
  @MaxLength(100)
  team?: string;
}

const list = ({ value }: { value: unknown }) =>
  typeof value === 'string' ? value.split(',').filter(Boolean) : value;

/** A selection of log entries, for reading the log page by page (the CLI's export over HTTP). */
export class LogQuery {
  @IsOptional()
  @IsISO8601({ strict: true })
  from?: string;

  @IsOptional()
  @IsISO8601({ strict: true })
  to?: string;

  @ApiPropertyOptional({ description: 'stream ids, comma separated' })
  @IsOptional()
  @Transform(list)
  @IsArray()
  @IsString({ each: true })
  stream?: string[];

  @IsOptional()
  @IsString()
  @MaxLength(64)
  student?: string;

  @IsOptional()
  @IsString()
  @MaxLength(128)
  actor?: string;

  @ApiPropertyOptional({ description: 'event types, comma separated' })
  @IsOptional()
  @Transform(list)
  @IsArray()
  @IsString({ each: true })
  type?: string[];

  @ApiPropertyOptional({ description: 'contexts, comma separated' })
  @IsOptional()
  @Transform(list)
  @IsArray()
  @IsString({ each: true })
  context?: string[];

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  afterSeq?: number;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(5000)
  limit?: number;
}
