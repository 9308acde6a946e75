import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsISO8601, IsOptional } from 'class-validator';
import { Authorize } from '@bulwark/auth';
import { asOfOf, PageQuery } from '../as-of.dto';
import { answer } from '../view-errors';
import { ViewReads } from '../view-reads';
import { actorActivity } from './actor-activity.queries';

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

/** Who did it. */
@ApiTags('audit views')
@ApiBearerAuth()
@Authorize('auditor')
@Controller()
export class ActorActivityController {
  constructor(private readonly reads: ViewReads) {}

  @Get('actors/:actor/activity')
  @ApiOperation({ summary: 'Everything a person did, when' })
  activity(@Param('actor') actor: string, @Query() q: ActivityQuery) {
    return answer(actorActivity(this.reads, actor, asOfOf(q), q));
  }
}
