import type { Role } from './roles';

/** Scope code granting the whole university rather than one org unit. */
export const WHOLE_UNIVERSITY = '*';

/**
 * The person (or service account) behind a request, as the verified token says.
 * `scopes` are org-unit codes (`"sem"` a college, `"sem-2021-1"` a class) or
 * `"*"` for the whole university.
 */
export interface Actor {
  id: string;
  name: string;
  roles: Role[];
  scopes: string[];
}

/** True when the actor holds at least one of `roles`. */
export function holdsAnyRole(actor: Pick<Actor, 'roles'>, roles: readonly Role[]): boolean {
  return roles.some((role) => actor.roles.includes(role));
}
