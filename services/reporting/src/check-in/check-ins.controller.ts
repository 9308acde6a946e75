import {
  Body,
  Controller,
  DefaultValuePipe,
  Get,
  Param,
  ParseIntPipe,
  Post,
  Query,
} from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { Authorize, CurrentActor, type Actor } from '@bulwark/auth';
import { IdempotencyKey } from '@bulwark/runtime';
import { CheckInCommands, type CheckInRequest } from './check-in.commands';
import { CheckInQueries } from './check-in.queries';
import { RosterReads } from '../roster-reads';
import { assertMaySeeStudent, ParseDayPipe, READERS } from '../access';
import { CheckInBodyPipe } from './check-in-body';
import { CheckInDto } from './check-in.dto';

@ApiTags('check-ins')
@ApiBearerAuth()
@Controller()
export class CheckInsController {
  constructor(
    private readonly commands: CheckInCommands,
    private readonly queries: CheckInQueries,
    private readonly roster: RosterReads,
  ) {}

  @Post('check-ins')
  @Authorize('student', 'counsellor')
  @ApiBody({ type: CheckInDto })
  @ApiOperation({
    summary:
      'Daily check-in: location, health, exposure. A student for themself (today); a counsellor for a student of their class. A second one the same day amends the first.',
  })
  async checkIn(
    @Body(CheckInBodyPipe) body: CheckInRequest,
    @CurrentActor() actor: Actor,
    @IdempotencyKey() key: string | undefined,
  ) {
    return this.commands.submit(body, actor, key);
  }

  @Get('students/:studentNumber/check-ins')
  @Authorize('student', ...READERS)
  @ApiOperation({ summary: 'A student’s check-in history, amendments included, newest day first' })
  @ApiQuery({ name: 'days', required: false, type: Number, description: '1..366, 60 when omitted' })
  async history(
    @Param('studentNumber') studentNumber: string,
    @CurrentActor() actor: Actor,
    @Query('days', new DefaultValuePipe(60), ParseIntPipe) days: number,
  ) {
    await assertMaySeeStudent(this.roster, studentNumber, actor);
    return this.queries.studentCheckIns(studentNumber, Math.min(Math.max(days, 1), 366));
  }

  @Get('days/:day/abnormal-check-ins')
  @Authorize(...READERS)
  @ApiOperation({ summary: 'Abnormal check-ins of the day (fever, symptoms, new exposure)' })
  abnormal(@Param('day', ParseDayPipe) day: string, @CurrentActor() actor: Actor) {
    return this.queries.abnormal(day, actor.scopes);
  }

  @Get('days/:day/repetitive-check-ins')
  @Authorize(...READERS)
  @ApiOperation({
    summary: 'Students flagged that day for repeating their answers word for word, day after day',
  })
  repetitive(@Param('day', ParseDayPipe) day: string, @CurrentActor() actor: Actor) {
    return this.queries.repetitive(day, actor.scopes);
  }
}
