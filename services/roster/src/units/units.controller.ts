import { Body, Controller, Delete, Get, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Authorize, CurrentActor, type Actor } from '@bulwark/auth';
import { IdempotencyKey } from '@bulwark/runtime';
import { READERS } from '../readers';
import { AssignStaffDto, CreateUnitDto, UnassignStaffQuery } from './unit.dto';
import { UnitCommands } from './unit-commands';
import { UnitQueries, type UnitView } from './unit-queries';

@ApiTags('units')
@ApiBearerAuth()
@Controller('units')
export class UnitsController {
  constructor(
    private readonly commands: UnitCommands,
    private readonly queries: UnitQueries,
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

  @Delete(':code/staff/:staffId')
  @Authorize('student-affairs')
  @ApiOperation({
    summary: "End a staff member's role over a unit (?role=), or every role they hold there",
  })
  async unassignStaff(
    @Param('code') code: string,
    @Param('staffId') staffId: string,
    @Query() q: UnassignStaffQuery,
    @CurrentActor() actor: Actor,
    @IdempotencyKey() key: string | undefined,
  ) {
    return this.commands.unassignStaff({ unitCode: code, staffId, role: q.role }, actor, key);
  }

  @Get(':code')
  @Authorize(...READERS)
  async unit(@Param('code') code: string, @CurrentActor() actor: Actor): Promise<UnitView> {
    return this.queries.visibleUnit(code, actor);
  }
}
