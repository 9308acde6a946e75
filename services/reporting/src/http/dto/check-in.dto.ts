import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  exposureCategories,
  followUpChannels,
  locationKinds,
  reportingPatterns,
  reportingTextLimits,
  rosterPatterns,
  symptoms,
  temperatureRangeC,
  type ExposureCategory,
  type FollowUpChannel,
  type LocationKind,
  type Symptom,
} from '@bulwark/contracts';
import { Type } from 'class-transformer';
import {
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsNumber,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';

export class LocationDto {
  @ApiProperty({ enum: locationKinds })
  @IsIn(locationKinds)
  kind!: LocationKind;

  @ApiPropertyOptional({ description: 'off campus: province', example: 'Hubei' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(reportingTextLimits.place)
  province?: string;

  @ApiPropertyOptional({ description: 'off campus: city', example: 'Wuhan' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(reportingTextLimits.place)
  city?: string;
}

export class HealthDto {
  @ApiProperty({ example: 36.5, minimum: temperatureRangeC.min, maximum: temperatureRangeC.max })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(temperatureRangeC.min)
  @Max(temperatureRangeC.max)
  temperatureC!: number;

  @ApiPropertyOptional({ enum: symptoms, isArray: true, description: '[] (or absent) when normal' })
  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @IsIn(symptoms, { each: true })
  symptoms?: Symptom[];
}

export class CheckInDto {
  @ApiPropertyOptional({
    description: 'a counsellor checking in for a student names them; a student may leave it out',
    example: '2020100001',
  })
  @IsOptional()
  @Matches(new RegExp(rosterPatterns.studentNumber), {
    message: 'studentNumber must be 1-32 letters, digits or dashes',
  })
  studentNumber?: string;

  @ApiPropertyOptional({ description: 'the reporting day, YYYY-MM-DD; today by default' })
  @IsOptional()
  @Matches(new RegExp(reportingPatterns.day), { message: 'day must be YYYY-MM-DD' })
  day?: string;

  @ApiProperty({ type: LocationDto })
  @ValidateNested()
  @Type(() => LocationDto)
  location!: LocationDto;

  @ApiProperty({ type: HealthDto })
  @ValidateNested()
  @Type(() => HealthDto)
  health!: HealthDto;

  @ApiProperty({ enum: exposureCategories })
  @IsIn(exposureCategories)
  exposure!: ExposureCategory;
}

export class FollowUpDto {
  @ApiProperty({ enum: followUpChannels })
  @IsIn(followUpChannels)
  channel!: FollowUpChannel;

  @ApiProperty({ description: 'was the student reached' })
  @IsBoolean()
  reached!: boolean;

  @ApiPropertyOptional({ description: 'the reason given for the missing check-in' })
  @IsOptional()
  @IsString()
  @MaxLength(reportingTextLimits.reason)
  reason?: string;
}
