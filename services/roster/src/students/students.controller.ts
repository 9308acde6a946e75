import {
  Body,
  Controller,
  ForbiddenException,
  Get,
  HttpCode,
  NotFoundException,
  Param,
  Post,
  Put,
} from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Authorize, coversUnit, CurrentActor, type Actor } from '@bulwark/auth';
import { IdempotencyKey } from '@bulwark/runtime';
import { READERS } from '../readers';
import type { ResidenceInput } from './domain/enrol';
import {
  AssignRoomDto,
  DietaryNeedDto,
  EnrolStudentDto,
  LeaveCampusDto,
  ResidenceDto,
} from './student.dto';
import { StudentCommands } from './student-commands';
import { StudentQueries } from './student-queries';

function residenceOf(dto: ResidenceDto): ResidenceInput {
  return dto.kind === 'on-campus'
    ? { kind: 'on-campus', roomCode: dto.roomCode as string }
    : {
        kind: 'off-campus',
        province: dto.province as string,
        city: dto.city as string,
        riskArea: dto.riskArea ?? false,
      };
}

@ApiTags('students')
@ApiBearerAuth()
@Controller('students')
export class StudentsController {
  constructor(
    private readonly commands: StudentCommands,
    private readonly queries: StudentQueries,
  ) {}

  @Post()
  @Authorize('student-affairs')
  @ApiOperation({
    summary: 'Enrol a student in a class, on campus in a room or off campus at a place',
  })
  async enrol(
    @Body() dto: EnrolStudentDto,
    @CurrentActor() actor: Actor,
    @IdempotencyKey() key: string | undefined,
  ) {
    return this.commands.enrol({ ...dto, residence: residenceOf(dto.residence) }, actor, key);
  }

  @Get(':studentNumber')
  @Authorize(...READERS)
  async student(@Param('studentNumber') studentNumber: string, @CurrentActor() actor: Actor) {
    const student = await this.queries.student(studentNumber);
    if (!student) {
      throw new NotFoundException({
        statusCode: 404,
        error: 'Not Found',
        message: `no student ${studentNumber}`,
      });
    }
    const roomPath = student.residence.kind === 'on-campus' ? student.residence.roomPath : [];
    // Either line may see the student: their class line, or the community they sleep in.
    if (!coversUnit(actor, student.classPath) && !coversUnit(actor, roomPath)) {
      throw new ForbiddenException(
        `student ${studentNumber} is outside your scopes (${actor.scopes.join(', ')})`,
      );
    }
    return student;
  }

  @Put(':studentNumber/room')
  @Authorize('student-affairs')
  @ApiOperation({ summary: 'Assign or move an on-campus student to a room (never over capacity)' })
  async assignRoom(
    @Param('studentNumber') studentNumber: string,
    @Body() dto: AssignRoomDto,
    @CurrentActor() actor: Actor,
    @IdempotencyKey() key: string | undefined,
  ) {
    return this.commands.assignToRoom({ studentNumber, roomCode: dto.roomCode }, actor, key);
  }

  @Post(':studentNumber/leave-campus')
  @HttpCode(200)
  @Authorize('student-affairs')
  async leaveCampus(
    @Param('studentNumber') studentNumber: string,
    @Body() dto: LeaveCampusDto,
    @CurrentActor() actor: Actor,
    @IdempotencyKey() key: string | undefined,
  ) {
    return this.commands.leaveCampus({ studentNumber, ...dto }, actor, key);
  }

  @Post(':studentNumber/return-to-campus')
  @HttpCode(200)
  @Authorize('student-affairs')
  @ApiOperation({ summary: 'An approved return (exam, internship, job) into a room' })
  async returnToCampus(
    @Param('studentNumber') studentNumber: string,
    @Body() dto: AssignRoomDto,
    @CurrentActor() actor: Actor,
    @IdempotencyKey() key: string | undefined,
  ) {
    return this.commands.returnToCampus({ studentNumber, roomCode: dto.roomCode }, actor, key);
  }

  @Put(':studentNumber/dietary-need')
  @Authorize('student-affairs')
  async dietaryNeed(
    @Param('studentNumber') studentNumber: string,
    @Body() dto: DietaryNeedDto,
    @CurrentActor() actor: Actor,
    @IdempotencyKey() key: string | undefined,
  ) {
    return this.commands.recordDietaryNeed({ studentNumber, halal: dto.halal }, actor, key);
  }
}
