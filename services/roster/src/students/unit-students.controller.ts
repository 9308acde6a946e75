import { Controller, DefaultValuePipe, Get, Param, ParseIntPipe, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { Authorize, CurrentActor, type Actor } from '@bulwark/auth';
import { READERS } from '../readers';
import { UnitQueries } from '../units/unit-queries';
import { StudentQueries } from './student-queries';

/** The students under a unit, listed on the unit's own route. */
@ApiTags('units')
@ApiBearerAuth()
@Controller('units')
export class UnitStudentsController {
  constructor(
    private readonly unitQueries: UnitQueries,
    private readonly studentQueries: StudentQueries,
  ) {}

  @Get(':code/students')
  @Authorize(...READERS)
  @ApiOperation({ summary: 'Students under a unit on its line (class line or dorm line)' })
  @ApiQuery({ name: 'limit', required: false, type: Number, description: '100 when omitted' })
  @ApiQuery({ name: 'offset', required: false, type: Number, description: '0 when omitted' })
  async students(
    @Param('code') code: string,
    @CurrentActor() actor: Actor,
    @Query('limit', new DefaultValuePipe(100), ParseIntPipe) limit: number,
    @Query('offset', new DefaultValuePipe(0), ParseIntPipe) offset: number,
  ) {
    const unit = await this.unitQueries.visibleUnit(code, actor);
    return this.studentQueries.studentsOf(
      unit,
      Math.min(Math.max(limit, 1), 1000),
      Math.max(offset, 0),
    );
  }
}
