import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { Authorize } from '@bulwark/auth';
import { AsOfQuery, asOfOf } from '../as-of.dto';
import { answer } from '../view-errors';
import { ViewReads } from '../view-reads';
import { volunteerMinutes } from './volunteer-minutes.queries';

export class MinutesQuery extends AsOfQuery {
  @ApiPropertyOptional({ description: 'one team only' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  team?: string;
}

/** Volunteer minutes. */
@ApiTags('audit views')
@ApiBearerAuth()
@Authorize('auditor')
@Controller()
export class VolunteerMinutesController {
  constructor(private readonly reads: ViewReads) {}

  @Get('volunteers/minutes')
  @ApiOperation({ summary: 'Volunteer service minutes, per volunteer and team' })
  minutes(@Query() q: MinutesQuery) {
    return answer(volunteerMinutes(this.reads, asOfOf(q), q));
  }
}
