import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  IsArray,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
} from 'class-validator';

const list = ({ value }: { value: unknown }) =>
  typeof value === 'string' ? value.split(',').filter(Boolean) : value;

/** A selection of log entries, for reading the log page by page (the CLI's export over HTTP). */
export class LogQuery {
  @ApiPropertyOptional({ description: 'occurred at or after (ISO 8601)' })
  @IsOptional()
  @IsISO8601({ strict: true })
  from?: string;

  @ApiPropertyOptional({ description: 'occurred before (ISO 8601)' })
  @IsOptional()
  @IsISO8601({ strict: true })
  to?: string;

  @ApiPropertyOptional({ description: 'stream ids, comma separated' })
  @IsOptional()
  @Transform(list)
  @IsArray()
  @IsString({ each: true })
  stream?: string[];

  @ApiPropertyOptional({ description: 'entries about this student number' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  student?: string;

  @ApiPropertyOptional({ description: 'entries by this actor' })
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

  @ApiPropertyOptional({
    description: "entries after this log position (the last page's nextAfterSeq)",
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  afterSeq?: number;

  @ApiPropertyOptional({ description: 'entries per page, 1..5000 (1000 when omitted)' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(5000)
  limit?: number;
}
