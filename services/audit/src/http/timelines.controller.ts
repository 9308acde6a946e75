import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Authorize } from '@bulwark/auth';
import { ViewQueries } from '../views/view-queries';
import { ActivityQuery, asOfOf, PageQuery } from './queries.dto';
import { answer } from './view-errors';

/** Who it happened to, and who did it. */
@ApiTags('audit views')
@ApiBearerAuth()
@Authorize('auditor')
@Controller()
export class TimelinesController {
  constructor(private readonly views: ViewQueries) {}

  @Get('students/:studentNumber/timeline')
  @ApiOperation({
    summary: 'Everything that happened to a student, across contexts, with the actor',
  })
  timeline(@Param('studentNumber') studentNumber: string, @Query() q: PageQuery) {
    return answer(this.views.studentTimeline(studentNumber, asOfOf(q), q));
  }

  @Get('actors/:actor/activity')
  @ApiOperation({ summary: 'Everything a person did, when' })
  activity(@Param('actor') actor: string, @Query() q: ActivityQuery) {
    return answer(this.views.actorActivity(actor, asOfOf(q), q));
  }
}
