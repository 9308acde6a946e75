import type { KeyObject } from 'node:crypto';
import { sign, type Algorithm, type SignOptions } from 'jsonwebtoken';
import type { Role } from './roles';
import { actorFromClaims, type ActorClaims } from './claims';
import { algorithmForKey, readPrivateKey } from './pem';

/** Claims to put in a minted token; roles are typed so typos fail at compile time. */
export interface MintClaims extends ActorClaims {
  roles: Role[];
}

export type MintOptions = ({ secret: string } | { privateKey: string }) & {
  /** Seconds (number or digits), or a timespan such as "8h", "15m", "2d". Defaults to "8h". */
  expiresIn?: string | number | undefined;
  issuer?: string | undefined;
  audience?: string | undefined;
};

export const DEFAULT_TOKEN_LIFETIME = '8h';

/**
 * Signs a token for local use and tests: HS256 with `secret`, or RS256/ES256
 * (by key type) with a PEM `privateKey`. Never signs claims the verifier would
 * reject, so a minted token fails only for the reasons the test means.
 */
export function mintToken(claims: MintClaims, options: MintOptions): string {
  actorFromClaims(claims);

  let key: string | KeyObject;
  let algorithm: Algorithm;
  if ('secret' in options) {
    if (!options.secret) throw new Error('mintToken: secret is empty');
    key = options.secret;
    algorithm = 'HS256';
  } else {
    const privateKey = readPrivateKey(options.privateKey);
    key = privateKey;
    algorithm = algorithmForKey(privateKey);
  }

  const signOptions: SignOptions = {
    algorithm,
    expiresIn: lifetime(options.expiresIn ?? DEFAULT_TOKEN_LIFETIME),
  };
  if (options.issuer) signOptions.issuer = options.issuer;
  if (options.audience) signOptions.audience = options.audience;

  const payload = {
    sub: claims.sub,
    name: claims.name,
    roles: claims.roles,
    scopes: claims.scopes,
  };
  return sign(payload, key, signOptions);
}

/**
 * jsonwebtoken reads a bare numeric string as milliseconds, so "3600" from a
 * command line would mint a token dead in 3.6 s; we read it as seconds.
 */
function lifetime(value: string | number): NonNullable<SignOptions['expiresIn']> {
  if (typeof value === 'string' && /^\d+$/.test(value)) return Number(value);
  // Typed as a template literal by jsonwebtoken, which validates the string itself.
  return value as NonNullable<SignOptions['expiresIn']>;
}
