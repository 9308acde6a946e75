import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsISO8601, IsOptional } from 'class-validator';
import { Authorize } from '@bulwark/auth';
import { AsOfQuery, asOfOf } from '../as-of.dto';
import { answer } from '../view-errors';
import { ViewReads } from '../view-reads';
import { isolationOccupancy } from './isolation-occupancy.queries';

export class TimeRangeQuery extends AsOfQuery {
  @ApiPropertyOptional({ description: 'from this instant (ISO 8601)' })
  @IsOptional()
  @IsISO8601({ strict: true })
  from?: string;

  @ApiPropertyOptional({ description: 'until this instant (ISO 8601)' })
  @IsOptional()
  @IsISO8601({ strict: true })
  to?: string;
}

/** Isolation occupancy. */
@ApiTags('audit views')
@ApiBearerAuth()
@Authorize('auditor')
@Controller()
export class IsolationOccupancyController {
  constructor(private readonly reads: ViewReads) {}

  @Get('isolation/occupancy')
  @ApiOperation({ summary: 'Students in isolation over time, by kind of place' })
  occupancy(@Query() q: TimeRangeQuery) {
    return answer(isolationOccupancy(this.reads, asOfOf(q), q));
  }
}
