import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  changeCategories,
  classReportKinds,
  maxChangesPerClassReport,
  reportingTextLimits,
  rosterPatterns,
  type ChangeCategory,
  type ClassReportKind,
} from '@bulwark/contracts';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  MinLength,
  ValidateNested,
} from 'class-validator';

export class ChangeDto {
  @ApiProperty({ example: '2020100001' })
  @Matches(new RegExp(rosterPatterns.studentNumber), {
    message: 'studentNumber must be 1-32 letters, digits or dashes',
  })
  studentNumber!: string;

  @ApiProperty({ enum: changeCategories })
  @IsIn(changeCategories)
  category!: ChangeCategory;

  @ApiProperty({ example: 'moved from Wuhan to Beijing, self-isolating at home' })
  @IsString()
  @MinLength(1)
  @MaxLength(reportingTextLimits.description)
  description!: string;
}

export class ClassReportDto {
  @ApiProperty({
    enum: classReportKinds,
    description: '"zero": nothing changed since yesterday (零报告); "changes": list them',
  })
  @IsIn(classReportKinds)
  kind!: ClassReportKind;

  @ApiPropertyOptional({
    type: [ChangeDto],
    description: 'none for a zero report; at least one otherwise',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(maxChangesPerClassReport)
  @ValidateNested({ each: true })
  @Type(() => ChangeDto)
  changes?: ChangeDto[];
}

export class ReasonDto {
  @ApiProperty({ example: 'class 3 counts do not add up' })
  @IsString()
  @MinLength(1)
  @MaxLength(reportingTextLimits.reason)
  reason!: string;
}
