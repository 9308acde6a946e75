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
