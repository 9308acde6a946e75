import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Authorize, CurrentActor, type Actor } from '@bulwark/auth';
import { assertMaySeeStudent, READERS } from '../access';
import { RosterReads } from '../roster-reads';
import { NoticeQueries } from './notice.queries';

@ApiTags('check-ins')
@ApiBearerAuth()
@Controller('students/:studentNumber/notices')
export class StudentNoticesController {
  constructor(
    private readonly queries: NoticeQueries,
    private readonly roster: RosterReads,
  ) {}

  @Get()
  @Authorize('student', ...READERS)
  @ApiOperation({ summary: 'Notices addressed to a student now, acknowledged or not' })
  async notices(@Param('studentNumber') studentNumber: string, @CurrentActor() actor: Actor) {
    await assertMaySeeStudent(this.roster, studentNumber, actor);
    return this.queries.noticesFor(studentNumber);
  }
}
