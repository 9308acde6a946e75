import {
  Body,
  Controller,
  ForbiddenException,
  Get,
  NotFoundException,
  Param,
  Post,
  Put,
} from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Authorize, CurrentActor, coversUnit, type Actor, type Role } from '@bulwark/auth';
import { IdempotencyKey } from '@bulwark/runtime';
import { TestRoundCommands } from './test-round.commands';
import { TestRoundReads } from './test-round.reads';
import { notFound, READERS } from '../access';
import {
  AssignLeaderDto,
  PlanRoundDto,
  RecordAbsenceDto,
  RecordResultsDto,
  ReplanRoundDto,
  ResolveDiscrepancyDto,
  SampledStudentsDto,
  StudentListDto,
} from './test-round.dto';

const PLANNERS: Role[] = ['student-affairs', 'counsellor'];
const SAMPLERS: Role[] = ['counsellor', 'student-affairs'];
const LAB: Role[] = ['student-affairs', 'prevention-office'];
const RECONCILERS: Role[] = ['counsellor', 'student-affairs', 'prevention-office'];
const CLOSERS: Role[] = ['student-affairs', 'prevention-office'];

/** 403 unless the actor's scopes reach one of the paths (none: nothing to hide, the read is empty or 404). */
function assertCoversAny(actor: Actor, paths: string[][], what: string): void {
  if (paths.length === 0 || paths.some((path) => coversUnit(actor, path))) return;
  throw new ForbiddenException(`${what} is outside the scopes of actor ${actor.id}`);
}

@ApiTags('test-rounds')
@ApiBearerAuth()
@Controller('test-rounds')
export class TestRoundsController {
  constructor(
    private readonly commands: TestRoundCommands,
    private readonly reads: TestRoundReads,
  ) {}

  @Post()
  @Authorize(...PLANNERS)
  @ApiOperation({ summary: 'Plan a testing round over communities (groups, times, routes)' })
  async plan(
    @Body() dto: PlanRoundDto,
    @CurrentActor() actor: Actor,
    @IdempotencyKey() key: string | undefined,
  ) {
    return this.commands.plan(dto, actor, key);
  }

  @Post(':roundId/replan')
  @Authorize(...PLANNERS)
  @ApiOperation({ summary: 'Plan again from the roster now (tested groups stay as they are)' })
  async replan(
    @Param('roundId') roundId: string,
    @Body() dto: ReplanRoundDto,
    @CurrentActor() actor: Actor,
    @IdempotencyKey() key: string | undefined,
  ) {
    return this.commands.replan(roundId, dto, actor, key);
  }

  @Post(':roundId/groups/:groupId/leader')
  @Authorize(...SAMPLERS)
  @ApiOperation({ summary: 'Dispatch a cadre to lead a group' })
  async leader(
    @Param('roundId') roundId: string,
    @Param('groupId') groupId: string,
    @Body() dto: AssignLeaderDto,
    @CurrentActor() actor: Actor,
    @IdempotencyKey() key: string | undefined,
  ) {
    return this.commands.assignLeader(roundId, groupId, dto, actor, key);
  }

  @Post(':roundId/groups/:groupId/samples')
  @Authorize(...SAMPLERS)
  @ApiOperation({ summary: 'Record who of a group was sampled (one student or a scanned list)' })
  async samples(
    @Param('roundId') roundId: string,
    @Param('groupId') groupId: string,
    @Body() dto: SampledStudentsDto,
    @CurrentActor() actor: Actor,
    @IdempotencyKey() key: string | undefined,
  ) {
    return this.commands.recordSampling(roundId, groupId, dto.studentNumbers, actor, key);
  }

  @Post(':roundId/groups/:groupId/absences')
  @Authorize(...SAMPLERS)
  @ApiOperation({ summary: 'Record students of a group who were not sampled, with a reason' })
  async absences(
    @Param('roundId') roundId: string,
    @Param('groupId') groupId: string,
    @Body() dto: RecordAbsenceDto,
    @CurrentActor() actor: Actor,
    @IdempotencyKey() key: string | undefined,
  ) {
    const absences = dto.absences.map((a) => ({
      studentNumber: a.studentNumber,
      reason: a.reason,
    }));
    return this.commands.recordAbsence(roundId, groupId, absences, actor, key);
  }

  @Post(':roundId/results')
  @Authorize(...LAB)
  @ApiOperation({ summary: "The laboratory's results per sample (positive: reported at once)" })
  async results(
    @Param('roundId') roundId: string,
    @Body() dto: RecordResultsDto,
    @CurrentActor() actor: Actor,
    @IdempotencyKey() key: string | undefined,
  ) {
    const results = dto.results.map((r) => ({ studentNumber: r.studentNumber, result: r.result }));
    return this.commands.recordResults(roundId, results, actor, key);
  }

  @Put(':roundId/class-tallies/:classCode')
  @Authorize('counsellor')
  @ApiOperation({ summary: 'The class line: who in your class was tested' })
  async classTally(
    @Param('roundId') roundId: string,
    @Param('classCode') classCode: string,
    @Body() dto: StudentListDto,
    @CurrentActor() actor: Actor,
    @IdempotencyKey() key: string | undefined,
  ) {
    return this.commands.submitClassTally(roundId, classCode, dto.studentNumbers, actor, key);
  }

  @Put(':roundId/dorm-tallies/:buildingCode')
  @Authorize('counsellor')
  @ApiOperation({ summary: 'The dorm line: who in a building of your community was tested' })
  async dormTally(
    @Param('roundId') roundId: string,
    @Param('buildingCode') buildingCode: string,
    @Body() dto: StudentListDto,
    @CurrentActor() actor: Actor,
    @IdempotencyKey() key: string | undefined,
  ) {
    return this.commands.submitDormTally(roundId, buildingCode, dto.studentNumbers, actor, key);
  }

  @Post(':roundId/reconciliation')
  @Authorize(...RECONCILERS)
  @ApiOperation({ summary: 'Compare the two lines by name (409 while a tally is missing)' })
  async reconcile(
    @Param('roundId') roundId: string,
    @CurrentActor() actor: Actor,
    @IdempotencyKey() key: string | undefined,
  ) {
    return this.commands.reconcile(roundId, actor, key);
  }

  @Post(':roundId/discrepancies/:discrepancyId/resolution')
  @Authorize('counsellor', 'student-affairs')
  @ApiOperation({ summary: 'Settle a discrepancy with a reason' })
  async resolve(
    @Param('roundId') roundId: string,
    @Param('discrepancyId') discrepancyId: string,
    @Body() dto: ResolveDiscrepancyDto,
    @CurrentActor() actor: Actor,
    @IdempotencyKey() key: string | undefined,
  ) {
    return this.commands.resolveDiscrepancy(
      roundId,
      discrepancyId,
      { reason: dto.reason, note: dto.note ?? null },
      actor,
      key,
    );
  }

  @Post(':roundId/close')
  @Authorize(...CLOSERS)
  @ApiOperation({ summary: 'Close the round (409 listing what is unresolved, by name)' })
  async close(
    @Param('roundId') roundId: string,
    @CurrentActor() actor: Actor,
    @IdempotencyKey() key: string | undefined,
  ) {
    return this.commands.close(roundId, actor, key);
  }

  private async roundOf(roundId: string) {
    const round = await this.reads.round(roundId);
    if (!round) throw new NotFoundException(notFound(`no test round ${roundId}`));
    return round;
  }

  @Get(':roundId')
  @Authorize(...READERS)
  @ApiOperation({
    summary: 'The round: summary, both lines side by side, open discrepancies',
  })
  async summary(@Param('roundId') roundId: string) {
    return this.reads.summary(await this.roundOf(roundId));
  }

  @Get(':roundId/communities/:community')
  @Authorize(...READERS)
  @ApiOperation({ summary: "A community's groups by start: the dispatch sheet" })
  async community(
    @Param('roundId') roundId: string,
    @Param('community') community: string,
    @CurrentActor() actor: Actor,
  ) {
    const round = await this.roundOf(roundId);
    assertCoversAny(actor, this.reads.pathsOf(round, 'community', community), community);
    return this.reads.community(round, community);
  }

  @Get(':roundId/buildings/:building')
  @Authorize(...READERS)
  @ApiOperation({ summary: "A building's part of the plan, by start" })
  async building(
    @Param('roundId') roundId: string,
    @Param('building') building: string,
    @CurrentActor() actor: Actor,
  ) {
    const round = await this.roundOf(roundId);
    assertCoversAny(actor, this.reads.pathsOf(round, 'building', building), building);
    return this.reads.building(round, building);
  }

  @Get(':roundId/students/:studentNumber')
  @Authorize(...READERS, 'student')
  @ApiOperation({ summary: 'Your group, your time, your route' })
  async student(
    @Param('roundId') roundId: string,
    @Param('studentNumber') studentNumber: string,
    @CurrentActor() actor: Actor,
  ) {
    const staff = actor.roles.some((role) => READERS.includes(role));
    if (!staff && actor.id !== studentNumber) {
      throw new ForbiddenException('a student reads their own assignment only');
    }
    const round = await this.roundOf(roundId);
    if (staff)
      assertCoversAny(actor, this.reads.pathsOfStudent(round, studentNumber), studentNumber);
    const assignment = this.reads.student(round, studentNumber);
    if (!assignment) {
      throw new NotFoundException(notFound(`student ${studentNumber} is not in round ${roundId}`));
    }
    return assignment;
  }
}
