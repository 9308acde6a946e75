import { createHmac, createSecretKey, timingSafeEqual, type KeyObject } from 'node:crypto';
import { JsonWebTokenError, TokenExpiredError, verify, type VerifyOptions } from 'jsonwebtoken';
import type { Actor } from './actor';
import { actorFromClaims } from './claims';
import { jwtConfigFromEnv, type JwtConfig } from './jwt-config';
import { algorithmForKey, readPublicKey } from './pem';
import { TokenRejectedError } from './token-rejected.error';

interface Hs256Check {
  key: KeyObject;
  issuer?: string | undefined;
  audience?: string | undefined;
}

/** Turns a bearer token into an Actor, or throws TokenRejectedError. */
export class JwtVerifier {
  private readonly key: string | KeyObject;
  private readonly options: VerifyOptions;
  /** HS256: the secret and the claims wanted, for the fast path of a valid token. */
  private readonly hs256: Hs256Check | null = null;

  constructor(config: JwtConfig) {
    if (config.secret && config.publicKey) {
      throw new Error(
        'JWT verification is ambiguous: set either JWT_SECRET (HS256) or JWT_PUBLIC_KEY (RS256/ES256), not both',
      );
    }
    if (config.secret) {
      // A KeyObject, made once: given a string, jsonwebtoken first tries (and fails) to parse it
      // as a public key on every call, which cost more than the rest of the verification.
      this.key = createSecretKey(Buffer.from(config.secret, 'utf8'));
      this.options = { algorithms: ['HS256'] };
    } else if (config.publicKey) {
      const key = readPublicKey(config.publicKey);
      this.key = key;
      this.options = { algorithms: [algorithmForKey(key)] };
    } else {
      throw new Error(
        'JWT verification is not configured: set JWT_SECRET (HS256) or JWT_PUBLIC_KEY (PEM, RS256/ES256)',
      );
    }
    if (config.issuer) this.options.issuer = config.issuer;
    if (config.audience) this.options.audience = config.audience;
    if (config.secret) {
      this.hs256 = {
        key: this.key as KeyObject,
        issuer: config.issuer || undefined,
        audience: config.audience || undefined,
      };
    }
  }

  static fromEnv(env: NodeJS.ProcessEnv = process.env): JwtVerifier {
    return new JwtVerifier(jwtConfigFromEnv(env));
  }

  verify(token: string): Actor {
    let payload: unknown = this.hs256 ? validHs256Payload(token, this.hs256) : undefined;
    if (payload === undefined) {
      try {
        payload = verify(token, this.key, this.options);
      } catch (error) {
        throw new TokenRejectedError(describe(error));
      }
    }
    // A token without expiry would stay valid forever once leaked.
    if (typeof (payload as { exp?: unknown }).exp !== 'number') {
      throw new TokenRejectedError('token has no "exp" (expiry) claim');
    }
    return actorFromClaims(payload);
  }
}

/**
 * The payload of an HS256 token that is valid on every count jsonwebtoken checks here (header
 * algorithm, signature, expiry, not-before, issuer, audience), else undefined: jsonwebtoken
 * then decides and names the reason. jsonwebtoken's general path (decoding through jws, its
 * option handling) was half the cost of checking a token in the morning burst, where every
 * student brings a token of their own; this path accepts only what it would accept too.
 */
function validHs256Payload(token: string, check: Hs256Check): Record<string, unknown> | undefined {
  const dot1 = token.indexOf('.');
  const dot2 = token.indexOf('.', dot1 + 1);
  if (dot1 <= 0 || dot2 <= dot1 + 1 || token.indexOf('.', dot2 + 1) !== -1) return undefined;
  const signature = Buffer.from(token.slice(dot2 + 1));
  const expected = Buffer.from(
    createHmac('sha256', check.key).update(token.slice(0, dot2)).digest('base64url'),
  );
  if (signature.length !== expected.length || !timingSafeEqual(signature, expected)) {
    return undefined;
  }
  const header = jsonObject(token.slice(0, dot1));
  const payload = jsonObject(token.slice(dot1 + 1, dot2));
  if (!header || !payload || header.alg !== 'HS256') return undefined;
  const now = Math.floor(Date.now() / 1000);
  if (typeof payload.exp !== 'number' || now >= payload.exp) return undefined;
  if (payload.nbf !== undefined && (typeof payload.nbf !== 'number' || payload.nbf > now)) {
    return undefined;
  }
  if (check.issuer !== undefined && payload.iss !== check.issuer) return undefined;
  if (check.audience !== undefined) {
    const aud = payload.aud;
    if (!(aud === check.audience || (Array.isArray(aud) && aud.includes(check.audience)))) {
      return undefined;
    }
  }
  return payload;
}

function jsonObject(base64url: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(base64url, 'base64url').toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

function describe(error: unknown): string {
  if (error instanceof TokenExpiredError) {
    return `token expired at ${error.expiredAt.toISOString()}`;
  }
  if (error instanceof JsonWebTokenError) return `token rejected: ${error.message}`;
  return `token rejected: ${error instanceof Error ? error.message : String(error)}`;
}
