import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { Authorize, CurrentActor, type Actor } from '@bulwark/auth';
import { IdempotencyKey } from '@bulwark/runtime';
import { ParseDayPipe, READERS } from '../access';
import { FollowUpDto } from './follow-up.dto';
import { NonResponderCommands } from './non-responder.commands';
import { NonResponderQueries } from './non-responder.queries';

@ApiTags('days')
@ApiBearerAuth()
@Controller('days/:day/non-responders')
export class NonRespondersController {
  constructor(
    private readonly queries: NonResponderQueries,
    private readonly commands: NonResponderCommands,
  ) {}

  @Get()
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
      collegeCode: college ?? null,
      counsellorId: counsellor ?? null,
      openOnly: open === 'true' || open === '1',
    });
  }

  @Post(':studentNumber/follow-ups')
  @Authorize('counsellor')
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
}
