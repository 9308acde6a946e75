/**
 * How tokens are checked. Exactly one of `secret` (HS256, shared) or `publicKey`
 * (PEM; RS256 or ES256 by key type) must be set; the verifier enforces it.
 */
export interface JwtConfig {
  secret?: string | undefined;
  publicKey?: string | undefined;
  /** When set, a token's `iss` must equal it. */
  issuer?: string | undefined;
  /** When set, a token's `aud` must contain it. */
  audience?: string | undefined;
}

/** Reads JWT_SECRET, JWT_PUBLIC_KEY, JWT_ISSUER and JWT_AUDIENCE; empty values count as unset. */
export function jwtConfigFromEnv(env: NodeJS.ProcessEnv = process.env): JwtConfig {
  return {
    secret: nonEmpty(env.JWT_SECRET),
    publicKey: nonEmpty(env.JWT_PUBLIC_KEY),
    issuer: nonEmpty(env.JWT_ISSUER),
    audience: nonEmpty(env.JWT_AUDIENCE),
  };
}

// `JWT_SECRET=` in an env file means "not configured", not "sign with the empty string".
function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}
