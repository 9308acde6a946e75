import {
  Body,
  Controller,
  Get,
  HttpCode,
  NotFoundException,
  Param,
  Post,
  Put,
} from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { assertCoversUnit, Authorize, CurrentActor, type Actor } from '@bulwark/auth';
import { IdempotencyKey } from '@bulwark/runtime';
import { ReportChainCommands } from './report-chain.commands';
import { ReportChainQueries } from './report-chain.queries';
import { RosterReads } from '../roster-reads';
import { notFound, ParseDayPipe, READERS } from '../access';
import { ClassReportDto, ReasonDto } from './report.dto';

@ApiTags('report chain')
@ApiBearerAuth()
@Controller('days/:day')
export class ReportsController {
  constructor(
    private readonly commands: ReportChainCommands,
    private readonly queries: ReportChainQueries,
    private readonly roster: RosterReads,
  ) {}

  @Put('classes/:classCode/report')
  @Authorize('counsellor')
  @ApiOperation({
    summary:
      'File the class report of the day: the changes since yesterday, or an explicit zero report. Filing again replaces it until the college report is compiled.',
  })
  async fileClassReport(
    @Param('day', ParseDayPipe) day: string,
    @Param('classCode') classCode: string,
    @Body() dto: ClassReportDto,
    @CurrentActor() actor: Actor,
    @IdempotencyKey() key: string | undefined,
  ) {
    return this.commands.fileClassReport({ day, classCode, ...dto }, actor, key);
  }

  @Get('colleges/:collegeCode/report')
  @Authorize(...READERS)
  @ApiOperation({
    summary:
      'The college’s report chain of the day: every class (missing, zero or changes), every step with who, when and how late',
  })
  async collegeReport(
    @Param('day', ParseDayPipe) day: string,
    @Param('collegeCode') collegeCode: string,
    @CurrentActor() actor: Actor,
  ) {
    const unit = await this.roster.unit(collegeCode);
    if (!unit || unit.level !== 'college') {
      throw new NotFoundException(notFound(`no college ${collegeCode} on the roster`));
    }
    assertCoversUnit(actor, unit.path, 'read the college report');
    return this.queries.collegeReport(day, collegeCode);
  }

  @Post('colleges/:collegeCode/report/compile')
  @HttpCode(200)
  @Authorize('league-secretary')
  @ApiOperation({
    summary:
      'Compile the college report; refused (409) with the missing classes by name while any is missing',
  })
  async compile(
    @Param('day', ParseDayPipe) day: string,
    @Param('collegeCode') collegeCode: string,
    @CurrentActor() actor: Actor,
    @IdempotencyKey() key: string | undefined,
  ) {
    return this.commands.compile(collegeCode, day, actor, key);
  }

  @Post('colleges/:collegeCode/report/approve')
  @HttpCode(200)
  @Authorize('deputy-party-secretary')
  @ApiOperation({ summary: 'First review: approve the compiled report' })
  async approve(
    @Param('day', ParseDayPipe) day: string,
    @Param('collegeCode') collegeCode: string,
    @CurrentActor() actor: Actor,
    @IdempotencyKey() key: string | undefined,
  ) {
    return this.commands.approve(collegeCode, day, actor, key);
  }

  @Post('colleges/:collegeCode/report/send-back')
  @HttpCode(200)
  @Authorize('deputy-party-secretary', 'party-secretary')
  @ApiOperation({
    summary: 'Send the report back with a reason (first review: deputy; second: party secretary)',
  })
  async sendBack(
    @Param('day', ParseDayPipe) day: string,
    @Param('collegeCode') collegeCode: string,
    @Body() dto: ReasonDto,
    @CurrentActor() actor: Actor,
    @IdempotencyKey() key: string | undefined,
  ) {
    return this.commands.sendBack(collegeCode, day, dto.reason, actor, key);
  }

  @Post('colleges/:collegeCode/report/submit')
  @HttpCode(200)
  @Authorize('party-secretary')
  @ApiOperation({
    summary:
      'Second review: submit the approved report to the prevention office (it is then locked)',
  })
  async submit(
    @Param('day', ParseDayPipe) day: string,
    @Param('collegeCode') collegeCode: string,
    @CurrentActor() actor: Actor,
    @IdempotencyKey() key: string | undefined,
  ) {
    return this.commands.submit(collegeCode, day, actor, key);
  }

  @Post('colleges/:collegeCode/report/reopen')
  @HttpCode(200)
  @Authorize('league-secretary', 'deputy-party-secretary', 'party-secretary', 'prevention-office')
  @ApiOperation({
    summary:
      'Reopen a compiled, approved or submitted report with a reason; it must pass the chain again',
  })
  async reopen(
    @Param('day', ParseDayPipe) day: string,
    @Param('collegeCode') collegeCode: string,
    @Body() dto: ReasonDto,
    @CurrentActor() actor: Actor,
    @IdempotencyKey() key: string | undefined,
  ) {
    return this.commands.reopen(collegeCode, day, dto.reason, actor, key);
  }
}
