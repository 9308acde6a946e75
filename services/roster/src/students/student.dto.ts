import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  genders,
  rosterPatterns,
  studentTypes,
  type Gender,
  type StudentType,
} from '@bulwark/contracts';
import { Type } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  MinLength,
  ValidateNested,
} from 'class-validator';

export class ResidenceDto {
  @ApiProperty({ enum: ['on-campus', 'off-campus'] })
  @IsIn(['on-campus', 'off-campus'])
  kind!: 'on-campus' | 'off-campus';

  @ApiPropertyOptional({ description: 'on campus: the room' })
  @IsOptional()
  @Matches(new RegExp(rosterPatterns.unitCode), { message: 'roomCode must be a unit code' })
  roomCode?: string;

  @ApiPropertyOptional({ description: 'off campus: province' })
  @IsOptional()
  @IsString()
  @MaxLength(50)
  province?: string;

  @ApiPropertyOptional({ description: 'off campus: city' })
  @IsOptional()
  @IsString()
  @MaxLength(50)
  city?: string;

  @ApiPropertyOptional({ description: 'off campus: is the place a hard-hit (risk) area' })
  @IsOptional()
  @IsBoolean()
  riskArea?: boolean;
}

export class EnrolStudentDto {
  @ApiProperty({ example: '2021110001' })
  @Matches(new RegExp(rosterPatterns.studentNumber), {
    message: 'studentNumber must be 1-32 letters, digits or dashes',
  })
  studentNumber!: string;

  @ApiProperty({ example: '马小军' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name!: string;

  @ApiProperty({ enum: studentTypes })
  @IsIn(studentTypes)
  studentType!: StudentType;

  @ApiProperty({ example: 'sem-2021-ug-01' })
  @Matches(new RegExp(rosterPatterns.unitCode), { message: 'classCode must be a unit code' })
  classCode!: string;

  @ApiProperty({ enum: genders })
  @IsIn(genders)
  gender!: Gender;

  @ApiProperty({ example: 'Hui' })
  @IsString()
  @MinLength(1)
  @MaxLength(50)
  ethnicity!: string;

  @ApiProperty()
  @IsBoolean()
  halal!: boolean;

  @ApiProperty({ example: '+86 138 0000 0000' })
  @Matches(new RegExp(rosterPatterns.phone), {
    message: 'phone must be 5-20 digits, spaces or dashes',
  })
  phone!: string;

  @ApiProperty({ type: ResidenceDto })
  @ValidateNested()
  @Type(() => ResidenceDto)
  residence!: ResidenceDto;
}

export class AssignRoomDto {
  @ApiProperty({ example: 'c1-b3-f2-201' })
  @Matches(new RegExp(rosterPatterns.unitCode), { message: 'roomCode must be a unit code' })
  roomCode!: string;
}

export class LeaveCampusDto {
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(50) province!: string;
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(50) city!: string;
  @ApiProperty() @IsBoolean() riskArea!: boolean;
}

export class DietaryNeedDto {
  @ApiProperty({ description: 'eats from the halal window' })
  @IsBoolean()
  halal!: boolean;
}
