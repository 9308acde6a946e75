import {
  BadRequestException,
  ForbiddenException,
  NotFoundException,
  PipeTransform,
} from '@nestjs/common';
import { coversUnit, holdsAnyRole, type Actor, type Role } from '@bulwark/auth';
import type { RosterReads } from './roster-reads';
import { isReportingDay } from './rules/domain/reporting-day';

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

/** A student sees their own record; staff see the students of the units they cover. */
export async function assertMaySeeStudent(
  roster: RosterReads,
  studentNumber: string,
  actor: Actor,
): Promise<void> {
  if (actor.roles.includes('student') && actor.id === studentNumber) return;
  if (!holdsAnyRole(actor, READERS)) {
    throw new ForbiddenException(`a student sees their own record only (${actor.id})`);
  }
  const student = await roster.student(studentNumber);
  if (!student)
    throw new NotFoundException(notFound(`student ${studentNumber} is not on the roster`));
  if (!coversUnit(actor, student.classPath) && !coversUnit(actor, student.roomPath ?? [])) {
    throw new ForbiddenException(
      `student ${studentNumber} is outside your scopes (${actor.scopes.join(', ')})`,
    );
  }
}

/**
 * Scope filter in SQL: `$n` holds the actor's scopes; a row is visible when the actor holds
 * the whole university or a scope on the row's path (class line or dorm line).
 */
export const visible = (param: string, ...paths: string[]) =>
  `(${param}::text[] @> ARRAY['*'] OR ${paths.map((p) => `${p} && ${param}::text[]`).join(' OR ')})`;

/** A timestamp column as the views show it. */
export const iso = (v: Date | null): string | null => (v ? v.toISOString() : null);
