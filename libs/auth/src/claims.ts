import type { Actor } from './actor';
import { isRole, ROLES } from './roles';
import { TokenRejectedError } from './token-rejected.error';

/** What a Bulwark token carries besides the registered JWT claims (exp, iss, aud...). */
export interface ActorClaims {
  /** Actor id. */
  sub: string;
  name: string;
  roles: string[];
  /** Org-unit codes, or `["*"]` for the whole university. */
  scopes: string[];
}

/**
 * Reads an Actor out of a verified payload. A signature only proves who wrote the
 * claims, not that they make sense: a malformed role list must not quietly turn
 * into "no roles" or, worse, into something a later check misreads.
 */
export function actorFromClaims(payload: unknown): Actor {
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
    throw new TokenRejectedError('token payload is not a JSON object');
  }
  const claims = payload as Record<string, unknown>;

  const id = claims.sub;
  if (typeof id !== 'string' || id.trim() === '') {
    throw new TokenRejectedError('token has no "sub" (actor id) claim');
  }

  // A display name only; identity tools that omit it should not lock people out.
  const name = claims.name ?? id;
  if (typeof name !== 'string') {
    throw new TokenRejectedError('token claim "name" must be a string');
  }

  const roles = claims.roles;
  if (!isStringArray(roles)) {
    throw new TokenRejectedError('token claim "roles" must be an array of strings');
  }
  const unknown = roles.filter((role) => !isRole(role));
  if (unknown.length > 0) {
    throw new TokenRejectedError(
      `token claim "roles" names unknown role(s): ${unknown.join(', ')} (known: ${ROLES.join(', ')})`,
    );
  }

  const scopes = claims.scopes;
  if (!isStringArray(scopes) || scopes.some((scope) => scope.trim() === '')) {
    throw new TokenRejectedError('token claim "scopes" must be an array of non-empty strings');
  }

  return { id, name, roles: roles.filter(isRole), scopes: [...scopes] };
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}
