import { ForbiddenException } from '@nestjs/common';
import { WHOLE_UNIVERSITY, type Actor } from './actor';

/**
 * True when the actor's scopes reach the unit: `unitPath` lists unit codes from
 * the root down to the unit itself (`['univ','sem','sem-2021','sem-2021-1']`),
 * so a scope on any ancestor covers everything below it.
 */
export function coversUnit(actor: Pick<Actor, 'scopes'>, unitPath: readonly string[]): boolean {
  if (actor.scopes.includes(WHOLE_UNIVERSITY)) return true;
  return unitPath.some((code) => actor.scopes.includes(code));
}

/** Throws 403 naming the unit and the actor's scopes unless the actor covers the unit. */
export function assertCoversUnit(
  actor: Pick<Actor, 'id' | 'scopes'>,
  unitPath: readonly string[],
  what: string,
): void {
  if (coversUnit(actor, unitPath)) return;
  const unit = unitPath.at(-1) ?? '(unknown unit)';
  const scopes = actor.scopes.length > 0 ? actor.scopes.join(', ') : 'none';
  throw new ForbiddenException(
    `${what}: unit ${unit} (${unitPath.join(' > ') || 'no path'}) is outside the scopes of ` +
      `actor ${actor.id} (${scopes})`,
  );
}
