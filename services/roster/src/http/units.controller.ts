import {
  Body,
  Controller,
  Get,
  NotFoundException,
  Param,
  ParseIntPipe,
  Post,
  Query,
  DefaultValuePipe,
} from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { assertCoversUnit, Authorize, CurrentActor, type Actor } from '@bulwark/auth';
import { IdempotencyKey } from '@bulwark/runtime';
import { RosterCommands } from '../commands/roster-commands';
import { RosterQueries, UnitView } from '../read-model/roster-queries';
import { AssignStaffDto, CreateUnitDto } from './dto/unit.dto';
import { READERS } from './readers';

@ApiTags('units')
@ApiBearerAuth()
@ApiHeader({
  name: 'Idempotency-Key',
  required: false,
  description: 'a repeat returns the first answer',
})
@Controller('units')
export class UnitsController {
  constructor(
    private readonly commands: RosterCommands,
    private readonly queries: RosterQueries,
  ) {}

  @Post()
  @Authorize('student-affairs')
  @ApiOperation({ summary: 'Create a unit on the academic or residential line' })
  async create(
    @Body() dto: CreateUnitDto,
    @CurrentActor() actor: Actor,
    @IdempotencyKey() key: string | undefined,
  ) {
    return this.commands.createUnit({ ...dto, parentCode: dto.parentCode ?? null }, actor, key);
  }

  @Post(':code/staff')
  @Authorize('student-affairs')
  @ApiOperation({
    summary: 'Assign a counsellor, building/floor head or college secretary to a unit',
  })
  async assignStaff(
    @Param('code') code: string,
    @Body() dto: AssignStaffDto,
    @CurrentActor() actor: Actor,
    @IdempotencyKey() key: string | undefined,
  ) {
    return this.commands.assignStaff({ unitCode: code, ...dto }, actor, key);
  }

  @Get(':code')
  @Authorize(...READERS)
  async unit(@Param('code') code: string, @CurrentActor() actor: Actor): Promise<UnitView> {
    return this.visibleUnit(code, actor);
  }

  @Get(':code/students')
  @Authorize(...READERS)
  @ApiOperation({ summary: 'Students under a unit on its line (class line or dorm line)' })
  async students(
    @Param('code') code: string,
    @CurrentActor() actor: Actor,
    @Query('limit', new DefaultValuePipe(100), ParseIntPipe) limit: number,
    @Query('offset', new DefaultValuePipe(0), ParseIntPipe) offset: number,
  ) {
    const unit = await this.visibleUnit(code, actor);
    return this.queries.studentsOf(unit, Math.min(Math.max(limit, 1), 1000), Math.max(offset, 0));
  }

  @Get(':code/head-counts')
  @Authorize(...READERS)
  @ApiOperation({ summary: 'Head counts under a unit on both lines; the two lines must agree' })
  async headCounts(@Param('code') code: string, @CurrentActor() actor: Actor) {
    return this.queries.headCounts(await this.visibleUnit(code, actor));
  }

  private async visibleUnit(code: string, actor: Actor): Promise<UnitView> {
    const unit = await this.queries.unit(code);
    if (!unit)
      throw new NotFoundException({
        statusCode: 404,
        error: 'Not Found',
        message: `no unit ${code}`,
      });
    assertCoversUnit(actor, unit.path, `read unit ${code}`);
    return unit;
  }
}
