import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Authorize, CurrentActor, type Actor } from '@bulwark/auth';
import { ParseDayPipe, READERS } from '../access';
import { DayOverviewQueries } from './day-overview.queries';

@ApiTags('days')
@ApiBearerAuth()
@Controller('days/:day')
export class DaysController {
  constructor(private readonly queries: DayOverviewQueries) {}

  @Get()
  @Authorize(...READERS)
  @ApiOperation({
    summary:
      'The day for the prevention office: per college, students expected / checked in / abnormal / unreached, and the state and lateness of each chain step',
  })
  day(@Param('day', ParseDayPipe) day: string, @CurrentActor() actor: Actor) {
    return this.queries.day(day, actor.scopes);
  }
}
