import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  exposureCategories,
  locationKinds,
  reportingPatterns,
  reportingTextLimits,
  rosterPatterns,
  symptoms,
  temperatureRangeC,
  type ExposureCategory,
  type LocationKind,
  type Symptom,
} from '@bulwark/contracts';

/** The check-in body, for the OpenAPI document: `CheckInBodyPipe` checks it. */
export class LocationDto {
  @ApiProperty({ enum: locationKinds })
  kind!: LocationKind;

  @ApiPropertyOptional({
    description: 'off campus: province',
    example: 'Hubei',
    maxLength: reportingTextLimits.place,
  })
  province?: string;

  @ApiPropertyOptional({
    description: 'off campus: city',
    example: 'Wuhan',
    maxLength: reportingTextLimits.place,
  })
  city?: string;
}

export class HealthDto {
  @ApiProperty({ example: 36.5, minimum: temperatureRangeC.min, maximum: temperatureRangeC.max })
  temperatureC!: number;

  @ApiPropertyOptional({ enum: symptoms, isArray: true, description: '[] (or absent) when normal' })
  symptoms?: Symptom[];
}

export class CheckInDto {
  @ApiPropertyOptional({
    description: 'a counsellor checking in for a student names them; a student may leave it out',
    example: '2020100001',
    pattern: rosterPatterns.studentNumber,
  })
  studentNumber?: string;

  @ApiPropertyOptional({
    description: 'the reporting day, YYYY-MM-DD; today by default',
    pattern: reportingPatterns.day,
  })
  day?: string;

  @ApiProperty({ type: LocationDto })
  location!: LocationDto;

  @ApiProperty({ type: HealthDto })
  health!: HealthDto;

  @ApiProperty({ enum: exposureCategories })
  exposure!: ExposureCategory;
}
