import { SetMetadata } from '@nestjs/common';
import type { Role } from './roles';

export const AUTHORIZED_ROLES = 'bulwark:auth:roles';

/**
 * Declares who may call a route (or every route of a controller; a method's own
 * declaration wins). The actor must hold at least one of `roles`. Routes without
 * it are refused, so "who may call this?" is always answered in code. For "any
 * signed-in actor", pass every role: `@Authorize(...ROLES)`.
 */
export function Authorize(...roles: Role[]): MethodDecorator & ClassDecorator {
  // An empty list would read as "anyone" to a reviewer but mean "no one" at run time.
  if (roles.length === 0) {
    throw new Error('@Authorize() needs at least one role');
  }
  return SetMetadata(AUTHORIZED_ROLES, [...roles]);
}
