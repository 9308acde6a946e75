import { BadRequestException, Body, Controller, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiOperation,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import { Authorize, CurrentActor, type Actor } from '@bulwark/auth';
import { IdempotencyKey } from '@bulwark/runtime';
import { RosterImportCommands } from './roster-import-commands';

@ApiTags('roster imports')
@ApiBearerAuth()
@Controller('roster-imports')
export class RosterImportsController {
  constructor(private readonly commands: RosterImportCommands) {}

  @Post()
  @Authorize('student-affairs')
  @ApiConsumes('text/csv')
  @ApiBody({
    description:
      'student_number,name,type,class,gender,ethnicity,halal,phone,room,province,city,risk_area (header required)',
  })
  @ApiQuery({ name: 'dryRun', required: false, type: Boolean })
  @ApiOperation({
    summary: 'Import a roster file: every bad row reported with its line; all or nothing',
  })
  async import(
    @Body() csv: unknown,
    @Query('dryRun') dryRun: string | undefined,
    @CurrentActor() actor: Actor,
    @IdempotencyKey() key: string | undefined,
  ) {
    if (typeof csv !== 'string' || csv.trim() === '') {
      throw new BadRequestException({
        statusCode: 400,
        error: 'Bad Request',
        message: 'send the roster as a text/csv body',
        errors: [{ field: 'body', reason: 'expected a non-empty text/csv body' }],
      });
    }
    const dry = dryRun === 'true' || dryRun === '1';
    return this.commands.importRoster(csv, dry, actor, dry ? undefined : key);
  }
}
