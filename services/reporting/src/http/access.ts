import { BadRequestException, PipeTransform } from '@nestjs/common';
import type { Role } from '@bulwark/auth';
import { isReportingDay } from '../domain/reporting-day';

/** Who may read reporting's views (each within their scopes). */
export const READERS: Role[] = [
  'prevention-office',
  'league-secretary',
  'deputy-party-secretary',
  'party-secretary',
  'counsellor',
  'student-affairs',
  'auditor',
];

/** A `:day` path parameter: a real calendar day, else 400 naming the field. */
export class ParseDayPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (isReportingDay(value)) return value;
    throw new BadRequestException({
      statusCode: 400,
      error: 'Bad Request',
      message: `day must be a calendar day YYYY-MM-DD, got ${value}`,
      errors: [{ field: 'day', reason: 'must be a calendar day YYYY-MM-DD' }],
    });
  }
}

export function notFound(message: string) {
  return { statusCode: 404, error: 'Not Found', message };
}
