import { BadRequestException, type PipeTransform } from '@nestjs/common';
import {
  exposureCategories,
  locationKinds,
  reportingPatterns,
  reportingTextLimits,
  rosterPatterns,
  symptoms,
  temperatureRangeC,
} from '@bulwark/contracts';
import type { CheckInRequest } from './check-in.commands';

type FieldError = { field: string; reason: string };

const studentNumberFormat = new RegExp(rosterPatterns.studentNumber);
const dayFormat = new RegExp(reportingPatterns.day);

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const shown = (value: unknown) => JSON.stringify(value) ?? String(value);

/** Every property of `value` that is not one of `known`: refused, as the other bodies' are. */
function unknownFields(value: Record<string, unknown>, known: string[], at: string): FieldError[] {
  return Object.keys(value)
    .filter((key) => !known.includes(key))
    .map((key) => ({ field: `${at}${key}`, reason: `property ${key} should not exist` }));
}

function oneOf(value: unknown, allowed: readonly string[], field: string): FieldError[] {
  return allowed.includes(value as string)
    ? []
    : [{ field, reason: `${field} must be one of ${allowed.join(', ')}, got ${shown(value)}` }];
}

function place(value: unknown, field: string): FieldError[] {
  if (value == null) return [];
  const max = reportingTextLimits.place;
  if (typeof value !== 'string' || value.length < 1 || value.length > max) {
    return [{ field, reason: `${field} must be a text of 1 to ${max} characters` }];
  }
  return [];
}

function location(value: unknown): FieldError[] {
  if (!isObject(value)) return [{ field: 'location', reason: 'location must be an object' }];
  return [
    ...unknownFields(value, ['kind', 'province', 'city'], 'location.'),
    ...oneOf(value.kind, locationKinds, 'location.kind'),
    ...place(value.province, 'location.province'),
    ...place(value.city, 'location.city'),
  ];
}

function health(value: unknown): FieldError[] {
  if (!isObject(value)) return [{ field: 'health', reason: 'health must be an object' }];
  const errors = unknownFields(value, ['temperatureC', 'symptoms'], 'health.');
  const { min, max } = temperatureRangeC;
  const t = value.temperatureC;
  if (typeof t !== 'number' || !Number.isFinite(t) || t < min || t > max) {
    errors.push({
      field: 'health.temperatureC',
      reason: `health.temperatureC must be a number from ${min} to ${max} (°C), got ${shown(t)}`,
    });
  }
  const s = value.symptoms;
  if (s != null) {
    if (!Array.isArray(s)) {
      errors.push({ field: 'health.symptoms', reason: 'health.symptoms must be a list' });
    } else {
      const unknown = s.filter((item) => !symptoms.includes(item as never));
      if (unknown.length > 0) {
        errors.push({
          field: 'health.symptoms',
          reason: `health.symptoms must each be one of ${symptoms.join(', ')}, got ${shown(unknown)}`,
        });
      }
      if (new Set(s).size !== s.length) {
        errors.push({ field: 'health.symptoms', reason: 'health.symptoms must name each once' });
      }
    }
  }
  return errors;
}

/** Every bad field of a check-in body, each with its reason; [] when it is well formed. */
export function checkInBodyErrors(body: unknown): FieldError[] {
  if (!isObject(body)) return [{ field: 'body', reason: 'the body must be a JSON object' }];
  const errors = unknownFields(
    body,
    ['studentNumber', 'day', 'location', 'health', 'exposure'],
    '',
  );
  // Absent or null: left out, as class-validator's IsOptional reads it.
  if (
    body.studentNumber != null &&
    (typeof body.studentNumber !== 'string' || !studentNumberFormat.test(body.studentNumber))
  ) {
    errors.push({
      field: 'studentNumber',
      reason: 'studentNumber must be 1-32 letters, digits or dashes',
    });
  }
  if (body.day != null && (typeof body.day !== 'string' || !dayFormat.test(body.day))) {
    errors.push({ field: 'day', reason: 'day must be YYYY-MM-DD' });
  }
  errors.push(...location(body.location), ...health(body.health));
  errors.push(...oneOf(body.exposure, exposureCategories, 'exposure'));
  return errors;
}

/**
 * The check-in body, checked at the edge like every other body (shape, types, ranges, no
 * unknown fields; 400 with every bad field and why) but by hand: class-validator and
 * class-transformer were a tenth of a check-in's cost in the morning burst. The decider
 * checks the answers again, as for any caller. `CheckInDto` documents the same shape.
 */
export class CheckInBodyPipe implements PipeTransform<unknown, CheckInRequest> {
  transform(body: unknown): CheckInRequest {
    const errors = checkInBodyErrors(body);
    if (errors.length > 0) {
      throw new BadRequestException({
        statusCode: 400,
        error: 'Bad Request',
        message: errors.map((e) => `${e.field}: ${e.reason}`).join('; '),
        errors,
      });
    }
    return body as CheckInRequest;
  }
}
