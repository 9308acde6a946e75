import {
  Body,
  Controller,
  DefaultValuePipe,
  ForbiddenException,
  Get,
  NotFoundException,
  Param,
  ParseIntPipe,
  Post,
  Query,
} from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Authorize, coversUnit, CurrentActor, holdsAnyRole, type Actor } from '@bulwark/auth';
import { IdempotencyKey } from '@bulwark/runtime';
import { CheckInCommands, type CheckInRequest } from '../commands/check-in-commands';
import { ReportingQueries } from '../read-model/reporting-queries';
import { RosterCopy } from '../roster-copy/roster-copy';
import { notFound, READERS } from './access';
import { CheckInBodyPipe } from './check-in-body';
import { CheckInDto } from './dto/check-in.dto';

@ApiTags('check-ins')
@ApiBearerAuth()
@Controller()
export class CheckInsController {
  constructor(
    private readonly commands: CheckInCommands,
    private readonly queries: ReportingQueries,
    private readonly roster: RosterCopy,
  ) {}

  @Post('check-ins')
  @Authorize('student', 'counsellor')
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: 'a repeat returns the first answer',
  })
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
  async history(
    @Param('studentNumber') studentNumber: string,
    @CurrentActor() actor: Actor,
    @Query('days', new DefaultValuePipe(60), ParseIntPipe) days: number,
  ) {
    await this.assertMaySee(studentNumber, actor);
    return this.queries.studentCheckIns(studentNumber, Math.min(Math.max(days, 1), 366));
  }

  @Get('students/:studentNumber/notices')
  @Authorize('student', ...READERS)
  @ApiOperation({ summary: 'Notices addressed to a student now, acknowledged or not' })
  async notices(@Param('studentNumber') studentNumber: string, @CurrentActor() actor: Actor) {
    await this.assertMaySee(studentNumber, actor);
    return this.queries.noticesFor(studentNumber);
  }

  /** A student sees their own record; staff see the students of the units they cover. */
  private async assertMaySee(studentNumber: string, actor: Actor): Promise<void> {
    if (actor.roles.includes('student') && actor.id === studentNumber) return;
    if (!holdsAnyRole(actor, READERS)) {
      throw new ForbiddenException(`a student sees their own record only (${actor.id})`);
    }
    const student = await this.roster.student(studentNumber);
    if (!student)
      throw new NotFoundException(notFound(`student ${studentNumber} is not on the roster`));
    if (!coversUnit(actor, student.classPath) && !coversUnit(actor, student.roomPath ?? [])) {
      throw new ForbiddenException(
        `student ${studentNumber} is outside your scopes (${actor.scopes.join(', ')})`,
      );
    }
  }
}
