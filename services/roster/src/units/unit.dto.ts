import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  academicLevels,
  residentialLevels,
  rosterPatterns,
  staffRoles,
  type StaffRole,
  type UnitLevel,
} from '@bulwark/contracts';
import {
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
} from 'class-validator';

const levels = [...academicLevels, ...residentialLevels];

export class CreateUnitDto {
  @ApiProperty({ example: 'sem-2021-ug-01', pattern: rosterPatterns.unitCode })
  @Matches(new RegExp(rosterPatterns.unitCode), {
    message: 'code must be lower-case letters, digits and dashes',
  })
  code!: string;

  @ApiProperty({ example: 'Accounting 2021 class 1' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name!: string;

  @ApiProperty({ enum: levels })
  @IsIn(levels)
  level!: UnitLevel;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: 'null for a university or a campus',
  })
  @ValidateIf((_, v) => v !== null && v !== undefined)
  @Matches(new RegExp(rosterPatterns.unitCode), { message: 'parentCode must be a unit code' })
  parentCode!: string | null;

  @ApiPropertyOptional({ description: 'rooms only: beds, 1..16' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(16)
  bedCapacity?: number;
}

export class AssignStaffDto {
  @ApiProperty({ example: 'T2019031' })
  @Matches(new RegExp(rosterPatterns.staffId), {
    message: 'staffId must be letters, digits and . _ @ -',
  })
  staffId!: string;

  @ApiProperty({ example: '王老师' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  staffName!: string;

  @ApiProperty({ enum: staffRoles })
  @IsIn(staffRoles)
  role!: StaffRole;
}

export class UnassignStaffQuery {
  @ApiPropertyOptional({
    enum: staffRoles,
    description: 'the role to end; without it, every role the staff member holds over the unit',
  })
  @IsOptional()
  @IsIn(staffRoles)
  role?: StaffRole;
}
