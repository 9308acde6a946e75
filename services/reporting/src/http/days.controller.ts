import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { Authorize, CurrentActor, type Actor } from '@bulwark/auth';
import { IdempotencyKey } from '@bulwark/runtime';
import { CheckInCommands } from '../commands/check-in-commands';
import { ReportingQueries } from '../read-model/reporting-queries';
import { ParseDayPipe, READERS } from './access';
import { FollowUpDto } from './dto/check-in.dto';

@ApiTags('days')
@ApiBearerAuth()
@Controller('days/:day')
export class DaysController {
  constructor(
    private readonly queries: ReportingQueries,
    private readonly commands: CheckInCommands,
  ) {}

  @Get()
  @Authorize(...READERS)
  @ApiOperation({
    summary:
      'The day for the prevention office: per college, students expected / checked in / abnormal / unreached, and the state and lateness of each chain step',
  })
  day(@Param('day', ParseDayPipe) day: string, @CurrentActor() actor: Actor) {
    return this.queries.day(day, actor.scopes);
  }

  @Get('non-responders')
  @Authorize(...READERS)
  @ApiQuery({ name: 'college', required: false })
  @ApiQuery({ name: 'counsellor', required: false, description: 'staff id of a class counsellor' })
  @ApiQuery({ name: 'open', required: false, type: Boolean })
  @ApiOperation({
    summary:
      'Students flagged at the class deadline, with every follow-up; per counsellor and per college',
  })
  nonResponders(
    @Param('day', ParseDayPipe) day: string,
    @CurrentActor() actor: Actor,
    @Query('college') college?: string,
    @Query('counsellor') counsellor?: string,
    @Query('open') open?: string,
  ) {
    return this.queries.nonResponders(day, actor.scopes, {
      collegeCode: college,
      counsellorId: counsellor,
      openOnly: open === 'true' || open === '1',
    });
  }

  @Post('non-responders/:studentNumber/follow-ups')
  @Authorize('counsellor')
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: 'a repeat returns the first answer',
  })
  @ApiOperation({
    summary:
      'Log one attempt to reach a non-responder (SMS, phone, in person; reached or not; the reason given)',
  })
  async followUp(
    @Param('day', ParseDayPipe) day: string,
    @Param('studentNumber') studentNumber: string,
    @Body() dto: FollowUpDto,
    @CurrentActor() actor: Actor,
    @IdempotencyKey() key: string | undefined,
  ) {
    return this.commands.logFollowUp({ studentNumber, day, ...dto }, actor, key);
  }

  @Get('abnormal-check-ins')
  @Authorize(...READERS)
  @ApiOperation({ summary: 'Abnormal check-ins of the day (fever, symptoms, new exposure)' })
  abnormal(@Param('day', ParseDayPipe) day: string, @CurrentActor() actor: Actor) {
    return this.queries.abnormal(day, actor.scopes);
  }

  @Get('repetitive-check-ins')
  @Authorize(...READERS)
  @ApiOperation({
    summary: 'Students flagged that day for repeating their answers word for word, day after day',
  })
  repetitive(@Param('day', ParseDayPipe) day: string, @CurrentActor() actor: Actor) {
    return this.queries.repetitive(day, actor.scopes);
  }
}
