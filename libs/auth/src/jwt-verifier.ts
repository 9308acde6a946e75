import { createSecretKey, type KeyObject } from 'node:crypto';
import { JsonWebTokenError, TokenExpiredError, verify, type VerifyOptions } from 'jsonwebtoken';
import type { Actor } from './actor';
import { actorFromClaims } from './claims';
import { jwtConfigFromEnv, type JwtConfig } from './jwt-config';
import { algorithmForKey, readPublicKey } from './pem';
import { TokenRejectedError } from './token-rejected.error';

/** Turns a bearer token into an Actor, or throws TokenRejectedError. */
export class JwtVerifier {
  private readonly key: string | KeyObject;
  private readonly options: VerifyOptions;

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
  }

  static fromEnv(env: NodeJS.ProcessEnv = process.env): JwtVerifier {
    return new JwtVerifier(jwtConfigFromEnv(env));
  }

  verify(token: string): Actor {
    let payload: unknown;
    try {
      payload = verify(token, this.key, this.options);
    } catch (error) {
      throw new TokenRejectedError(describe(error));
    }
    // A token without expiry would stay valid forever once leaked.
    if (typeof (payload as { exp?: unknown }).exp !== 'number') {
      throw new TokenRejectedError('token has no "exp" (expiry) claim');
    }
    return actorFromClaims(payload);
  }
}

function describe(error: unknown): string {
  if (error instanceof TokenExpiredError) {
    return `token expired at ${error.expiredAt.toISOString()}`;
  }
  if (error instanceof JsonWebTokenError) return `token rejected: ${error.message}`;
  return `token rejected: ${error instanceof Error ? error.message : String(error)}`;
}
