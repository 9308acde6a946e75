import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Authorize, CurrentActor, type Actor } from '@bulwark/auth';
import { READERS } from '../readers';
import { UnitQueries } from '../units/unit-queries';
import { HeadCountQueries } from './head-count-queries';

@ApiTags('units')
@ApiBearerAuth()
@Controller('units')
export class HeadCountsController {
  constructor(
    private readonly unitQueries: UnitQueries,
    private readonly headCountQueries: HeadCountQueries,
  ) {}

  @Get(':code/head-counts')
  @Authorize(...READERS)
  @ApiOperation({ summary: 'Head counts under a unit on both lines; the two lines must agree' })
  async counts(@Param('code') code: string, @CurrentActor() actor: Actor) {
    return this.headCountQueries.headCounts(await this.unitQueries.visibleUnit(code, actor));
  }
}
