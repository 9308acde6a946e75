import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Authorize } from '@bulwark/auth';
import { asOfOf, PageQuery } from '../as-of.dto';
import { answer } from '../view-errors';
import { ViewReads } from '../view-reads';
import { studentTimeline } from './student-timeline.queries';

/** Who it happened to. */
@ApiTags('audit views')
@ApiBearerAuth()
@Authorize('auditor')
@Controller()
export class StudentTimelineController {
  constructor(private readonly reads: ViewReads) {}

  @Get('students/:studentNumber/timeline')
  @ApiOperation({
    summary: 'Everything that happened to a student, across contexts, with the actor',
  })
  timeline(@Param('studentNumber') studentNumber: string, @Query() q: PageQuery) {
    return answer(studentTimeline(this.reads, studentNumber, asOfOf(q), q));
  }
}
