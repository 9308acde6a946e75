import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  absenceReasons,
  discrepancyResolutionReasons,
  rosterPatterns,
  testingLimits,
  testingPatterns,
  testResults,
  type AbsenceReason,
  type DiscrepancyResolutionReason,
  type TestResult,
} from '@bulwark/contracts';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsDefined,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  MinLength,
  ValidateNested,
} from 'class-validator';
import type { CommunityRoutesInput } from './domain';

const studentNumber = new RegExp(rosterPatterns.studentNumber);
const MAX_BATCH = 20_000;

/** A route as the API documents it (checked by the domain, not here). */
export class RouteShape {
  @ApiProperty({ example: 'east gate' })
  name!: string;

  @ApiPropertyOptional({
    type: [String],
    description: 'the buildings it serves; every building when omitted',
    example: ['cm1-b1'],
  })
  fromBuildings?: string[];
}

/** A community's routes as the API documents them (checked by the domain, not here). */
export class CommunityRoutesShape {
  @ApiProperty({ example: 'cm1' })
  community!: string;

  @ApiProperty({ type: [RouteShape] })
  routes!: RouteShape[];
}

/** Routes are checked in depth by the domain (names, buildings, per community). */
export class PlanRoundDto {
  @ApiProperty({ example: 'r-2022-04-02' })
  @Matches(new RegExp(testingPatterns.roundId), {
    message: 'roundId must be 1-64 letters, digits, _ or -',
  })
  roundId!: string;

  @ApiProperty({ example: '2022-04-02' })
  @IsString()
  date!: string;

  @ApiProperty({
    description: "community codes, or 'all'",
    example: ['cm1'],
    oneOf: [
      { type: 'array', items: { type: 'string' } },
      { type: 'string', enum: ['all'] },
    ],
  })
  @IsDefined()
  communities!: string[] | 'all';

  @ApiProperty({
    type: [CommunityRoutesShape],
    description: 'per community: its routes (name, optional fromBuildings)',
    example: [{ community: 'cm1', routes: [{ name: 'east gate', fromBuildings: ['cm1-b1'] }] }],
  })
  @IsArray()
  routes!: CommunityRoutesInput[];

  @ApiPropertyOptional({ example: 40 })
  @IsOptional()
  @IsInt()
  groupSize?: number;

  @ApiProperty({ example: '07:00' })
  @IsString()
  firstStart!: string;

  @ApiProperty({ example: 10 })
  @IsInt()
  intervalMinutes!: number;

  @ApiProperty({ example: 20 })
  @IsInt()
  slotMinutes!: number;
}

export class ReplanRoundDto {
  @ApiProperty({ example: 'relocation of building 2' })
  @IsString()
  @MinLength(1)
  @MaxLength(testingLimits.reason)
  reason!: string;

  @ApiPropertyOptional({ example: '10:00' })
  @IsOptional()
  @IsString()
  firstStart?: string;

  @ApiPropertyOptional({
    type: [CommunityRoutesShape],
    description: 'per community: its routes; the planned ones when omitted',
  })
  @IsOptional()
  @IsArray()
  routes?: CommunityRoutesInput[];
}

export class AssignLeaderDto {
  @ApiProperty({ example: 'cadre-7' })
  @IsString()
  leaderId!: string;

  @ApiProperty({ example: '王老师' })
  @IsString()
  @MinLength(1)
  @MaxLength(testingLimits.leaderName)
  leaderName!: string;
}

/** A scanned list of students (sampling, a tally). */
export class StudentListDto {
  @ApiProperty({ type: [String], example: ['2021001'] })
  @IsArray()
  @ArrayMaxSize(MAX_BATCH)
  @Matches(studentNumber, { each: true, message: 'each entry must be a student number' })
  studentNumbers!: string[];
}

export class SampledStudentsDto extends StudentListDto {}

export class AbsenceDto {
  @ApiProperty()
  @Matches(studentNumber, { message: 'studentNumber must be a student number' })
  studentNumber!: string;

  @ApiProperty({ enum: absenceReasons })
  @IsIn(absenceReasons)
  reason!: AbsenceReason;
}

export class RecordAbsenceDto {
  @ApiProperty({ type: [AbsenceDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_BATCH)
  @ValidateNested({ each: true })
  @Type(() => AbsenceDto)
  absences!: AbsenceDto[];
}

export class ResultDto {
  @ApiProperty()
  @Matches(studentNumber, { message: 'studentNumber must be a student number' })
  studentNumber!: string;

  @ApiProperty({ enum: testResults })
  @IsIn(testResults)
  result!: TestResult;
}

export class RecordResultsDto {
  @ApiProperty({ type: [ResultDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_BATCH)
  @ValidateNested({ each: true })
  @Type(() => ResultDto)
  results!: ResultDto[];
}

export class ResolveDiscrepancyDto {
  @ApiProperty({ enum: discrepancyResolutionReasons })
  @IsIn(discrepancyResolutionReasons)
  reason!: DiscrepancyResolutionReason;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(testingLimits.note)
  note?: string;
}
