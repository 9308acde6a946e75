import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { reportingPatterns, reportingTextLimits, rosterPatterns } from '@bulwark/contracts';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  MinLength,
} from 'class-validator';

export class PublishNoticeDto {
  @ApiPropertyOptional({ description: 'your own id for the notice; a UUID by default' })
  @IsOptional()
  @Matches(new RegExp(reportingPatterns.noticeId), {
    message: 'noticeId must be 1-64 letters, digits, _ or -',
  })
  noticeId?: string;

  @ApiProperty({ example: '防疫承诺书' })
  @IsString()
  @MinLength(1)
  @MaxLength(reportingTextLimits.title)
  title!: string;

  @ApiProperty()
  @IsString()
  @MinLength(1)
  @MaxLength(reportingTextLimits.body)
  body!: string;

  @ApiProperty({
    type: [String],
    description: 'unit codes on either line: college, grade, class, community, building',
    example: ['sem-2021', 'n-c1-b3'],
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(200)
  @Matches(new RegExp(rosterPatterns.unitCode), {
    each: true,
    message: 'each audience entry must be a unit code',
  })
  audience!: string[];
}
