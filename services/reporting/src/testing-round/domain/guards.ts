import { reportingPatterns, testingPatterns } from '@bulwark/contracts';
import { Rejection } from '@bulwark/decider';
import { formats, mismatch, requireFormat } from '../../rules/domain/formats';
import type { Counsellor } from './commands';
import { requireRoundId } from './group-cutting';
import type { ClosedRound, OpenRound, RoundGroup, TestRoundState } from './state';

export const actorFormat = new RegExp(reportingPatterns.actorId);
const groupIdFormat = new RegExp(testingPatterns.groupId);

/** A state of another stream than the command names is a bug, not a 4xx. */
export function requireStream(roundId: string, state: TestRoundState): void {
  if (state.roundId !== roundId) throw mismatch('round', roundId, state.roundId);
}

/** The round the command names, planned (404 otherwise). */
export function requireRound(
  command: { roundId: unknown },
  state: TestRoundState,
): OpenRound | ClosedRound {
  const roundId = requireRoundId(command.roundId);
  requireStream(roundId, state);
  if (state.status === 'none') {
    throw Rejection.notFound('roundId', `round ${roundId} has not been planned`);
  }
  return state;
}

/** The round, planned and not closed: a closed round records nothing more (409). */
export function requireOpen(command: { roundId: unknown }, state: TestRoundState): OpenRound {
  const round = requireRound(command, state);
  if (round.status === 'closed') {
    throw Rejection.conflict('roundId', `round ${round.roundId} is closed`, {
      closedAt: round.closedAt,
    });
  }
  return round;
}

export function requireGroup(round: OpenRound, value: unknown, field = 'groupId'): RoundGroup {
  const groupId = requireFormat(value, groupIdFormat, field);
  const group = round.groups.get(groupId);
  if (!group) {
    throw Rejection.notFound(field, `round ${round.roundId} has no group ${groupId}`);
  }
  return group;
}

export function requireActor(value: unknown, field: string): string {
  return requireFormat(value, actorFormat, field);
}

/** An instant as events carry it (ISO 8601, UTC). */
export function requireInstant(value: unknown, field: string): string {
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) {
    throw Rejection.invalid(field, `${field} must be a valid instant`);
  }
  return value.toISOString();
}

/** A list of distinct student numbers, at most `max`, at least one unless `allowEmpty`. */
export function requireStudentNumbers(
  value: unknown,
  field: string,
  max: number,
  { allowEmpty = false }: { allowEmpty?: boolean } = {},
): string[] {
  if (!Array.isArray(value)) throw Rejection.invalid(field, `${field} must be a list`);
  if (!allowEmpty && value.length === 0) {
    throw Rejection.invalid(field, `${field} must name at least one student`);
  }
  if (value.length > max) throw Rejection.invalid(field, `${field} lists more than ${max}`);
  const seen = new Set<string>();
  return value.map((n, i) => {
    const studentNumber = requireFormat(n, formats.studentNumber, `${field}[${i}]`);
    if (seen.has(studentNumber)) {
      throw Rejection.invalid(`${field}[${i}]`, `student ${studentNumber} is listed twice`);
    }
    seen.add(studentNumber);
    return studentNumber;
  });
}

/** The caller's identity and scope; malformed is a 400 (the service builds it from the token). */
export function requireCounsellor(value: unknown, field: string): Counsellor {
  const input = (value ?? {}) as Partial<Record<keyof Counsellor, unknown>>;
  const actorId = requireActor(input.actorId, `${field}.actorId`);
  const list = (codes: unknown, name: string): string[] => {
    if (!Array.isArray(codes)) throw Rejection.invalid(`${field}.${name}`, 'must be a list');
    return codes.filter((c): c is string => typeof c === 'string');
  };
  return {
    actorId,
    classes: list(input.classes, 'classes'),
    communities: list(input.communities, 'communities'),
  };
}

/** 403 naming the field whose unit is outside the caller's scope. */
export function forbidden(
  field: string,
  message: string,
  details?: Record<string, unknown>,
): Rejection {
  return new Rejection('forbidden', field, message, details);
}

/** Shows at most a few items of a long list in a message. */
export function listed(items: readonly string[], max = 10): string {
  return items.length <= max
    ? items.join(', ')
    : `${items.slice(0, max).join(', ')} and ${items.length - max} more`;
}
