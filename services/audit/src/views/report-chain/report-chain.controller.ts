import { BadRequestException, Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Authorize } from '@bulwark/auth';
import { AsOfQuery, asOfOf, DAY } from '../as-of.dto';
import { answer } from '../view-errors';
import { ViewReads } from '../view-reads';
import { collegeReportChain, reportDay } from './report-chain.queries';

/** The daily report chain per college: who filed, approved, sent back, submitted; late steps. */
@ApiTags('audit views')
@ApiBearerAuth()
@Authorize('auditor')
@Controller('report-chain')
export class ReportChainController {
  constructor(private readonly reads: ViewReads) {}

  @Get(':day')
  @ApiOperation({ summary: "Every college's report chain on one day" })
  day(@Param('day') day: string, @Query() q: AsOfQuery) {
    return answer(reportDay(this.reads, checkedDay(day), asOfOf(q)));
  }

  @Get(':day/colleges/:collegeCode')
  @ApiOperation({ summary: "One college's report chain on one day, step by step" })
  college(@Param('day') day: string, @Param('collegeCode') college: string, @Query() q: AsOfQuery) {
    return answer(collegeReportChain(this.reads, college, checkedDay(day), asOfOf(q)));
  }
}

function checkedDay(day: string): string {
  if (!DAY.test(day) || Number.isNaN(Date.parse(`${day}T00:00:00Z`)))
    throw new BadRequestException({
      statusCode: 400,
      error: 'Bad Request',
      message: `day must be YYYY-MM-DD, got ${day}`,
      errors: [{ field: 'day', reason: 'must be a day YYYY-MM-DD' }],
    });
  return day;
}
