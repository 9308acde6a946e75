import { sign, type SignOptions } from 'jsonwebtoken';
import { JwtVerifier } from './jwt-verifier';
import { TokenRejectedError } from './token-rejected.error';
import { p256KeyPair, rsaKeyPair } from './test-support/key-pairs';

const SECRET = 'test-secret-for-hs256';
const claims = { sub: 'c-042', name: 'Li Wei', roles: ['counsellor'], scopes: ['sem-2021-1'] };

function hs256(payload: object, options: Omit<SignOptions, 'algorithm'> = {}): string {
  return sign(payload, SECRET, { algorithm: 'HS256', expiresIn: '1h', ...options });
}

describe('JwtVerifier', () => {
  describe('configuration', () => {
    it('refuses to exist without a secret or a public key', () => {
      expect(() => new JwtVerifier({})).toThrow(
        /not configured: set JWT_SECRET \(HS256\) or JWT_PUBLIC_KEY/,
      );
      expect(() => JwtVerifier.fromEnv({})).toThrow(/not configured/);
    });

    it('refuses both a secret and a public key', () => {
      const { publicKey } = rsaKeyPair();
      expect(() => new JwtVerifier({ secret: SECRET, publicKey })).toThrow(/not both/);
    });

    it('refuses a public key it cannot read', () => {
      expect(() => new JwtVerifier({ publicKey: 'not a pem' })).toThrow(/not a readable PEM/);
    });

    it('builds from the environment', () => {
      const verifier = JwtVerifier.fromEnv({ JWT_SECRET: SECRET });
      expect(verifier.verify(hs256(claims)).id).toBe('c-042');
    });
  });

  describe('HS256', () => {
    const verifier = new JwtVerifier({ secret: SECRET });

    it('turns a valid token into an actor', () => {
      expect(verifier.verify(hs256(claims))).toEqual({
        id: 'c-042',
        name: 'Li Wei',
        roles: ['counsellor'],
        scopes: ['sem-2021-1'],
      });
    });

    it('rejects an expired token', () => {
      const expired = sign({ ...claims, exp: Math.floor(Date.now() / 1000) - 60 }, SECRET);
      expect(() => verifier.verify(expired)).toThrow(TokenRejectedError);
      expect(() => verifier.verify(expired)).toThrow(/token expired at/);
    });

    it('rejects a token signed with another secret', () => {
      const forged = sign(claims, 'another-secret', { algorithm: 'HS256', expiresIn: '1h' });
      expect(() => verifier.verify(forged)).toThrow(/invalid signature/);
    });

    it('rejects a token without expiry', () => {
      const forever = sign(claims, SECRET, { algorithm: 'HS256' });
      expect(() => verifier.verify(forever)).toThrow(/no "exp"/);
    });

    it('rejects garbage and unsigned tokens', () => {
      expect(() => verifier.verify('not-a-jwt')).toThrow(TokenRejectedError);
      const unsigned = sign(claims, null, { algorithm: 'none', expiresIn: '1h' });
      expect(() => verifier.verify(unsigned)).toThrow(TokenRejectedError);
    });

    it('rejects what jsonwebtoken rejects, however close to valid', () => {
      const now = Math.floor(Date.now() / 1000);
      const notYet = sign({ ...claims, nbf: now + 600, exp: now + 3600 }, SECRET);
      expect(() => verifier.verify(notYet)).toThrow(/jwt not active/);
      const [header, , signature] = hs256(claims).split('.');
      const longer = Buffer.from(JSON.stringify({ ...claims, exp: now + 7200 })).toString(
        'base64url',
      );
      const tampered = `${header}.${longer}.${signature}`;
      expect(() => verifier.verify(tampered)).toThrow(/invalid signature/);
      const hs512 = sign(claims, SECRET, { algorithm: 'HS512', expiresIn: '1h' });
      expect(() => verifier.verify(hs512)).toThrow(/invalid algorithm/);
      expect(() => verifier.verify(`${hs256(claims)}.extra`)).toThrow(TokenRejectedError);
      const expiringNow = sign({ ...claims, exp: now }, SECRET);
      expect(() => verifier.verify(expiringNow)).toThrow(/token expired at/);
    });

    it('rejects malformed claims even under a good signature', () => {
      expect(() => verifier.verify(hs256({ ...claims, roles: 'counsellor' }))).toThrow(/"roles"/);
      expect(() => verifier.verify(hs256({ ...claims, roles: ['root'] }))).toThrow(/unknown role/);
      expect(() => verifier.verify(hs256({ ...claims, scopes: [1] }))).toThrow(/"scopes"/);
      const { sub: _sub, ...noSub } = claims;
      expect(() => verifier.verify(hs256(noSub))).toThrow(/"sub"/);
    });
  });

  describe('issuer and audience', () => {
    const verifier = new JwtVerifier({
      secret: SECRET,
      issuer: 'bulwark-idp',
      audience: 'bulwark',
    });

    it('accepts a token from the expected issuer for the expected audience', () => {
      const token = hs256(claims, { issuer: 'bulwark-idp', audience: ['bulwark', 'other'] });
      expect(verifier.verify(token).id).toBe('c-042');
    });

    it('rejects another issuer, another audience, or none at all', () => {
      expect(() =>
        verifier.verify(hs256(claims, { issuer: 'elsewhere', audience: 'bulwark' })),
      ).toThrow(/jwt issuer invalid/);
      expect(() =>
        verifier.verify(hs256(claims, { issuer: 'bulwark-idp', audience: 'elsewhere' })),
      ).toThrow(/jwt audience invalid/);
      expect(() => verifier.verify(hs256(claims))).toThrow(TokenRejectedError);
    });
  });

  describe('public keys', () => {
    const rsa = rsaKeyPair();

    it('verifies RS256 with an RSA public key', () => {
      const verifier = new JwtVerifier({ publicKey: rsa.publicKey });
      const token = sign(claims, rsa.privateKey, { algorithm: 'RS256', expiresIn: '1h' });
      expect(verifier.verify(token).id).toBe('c-042');
    });

    it('accepts a PEM whose newlines arrived as literal \\n', () => {
      const verifier = new JwtVerifier({ publicKey: rsa.publicKey.replace(/\n/g, '\\n') });
      const token = sign(claims, rsa.privateKey, { algorithm: 'RS256', expiresIn: '1h' });
      expect(verifier.verify(token).id).toBe('c-042');
    });

    it('verifies ES256 with a P-256 public key', () => {
      const ec = p256KeyPair();
      const verifier = new JwtVerifier({ publicKey: ec.publicKey });
      const token = sign(claims, ec.privateKey, { algorithm: 'ES256', expiresIn: '1h' });
      expect(verifier.verify(token).id).toBe('c-042');
    });

    it('rejects a token signed with another key', () => {
      const verifier = new JwtVerifier({ publicKey: rsa.publicKey });
      const token = sign(claims, rsaKeyPair().privateKey, { algorithm: 'RS256', expiresIn: '1h' });
      expect(() => verifier.verify(token)).toThrow(/invalid signature/);
    });

    it('rejects an HS256 token "signed" with the public key (algorithm confusion)', () => {
      const verifier = new JwtVerifier({ publicKey: rsa.publicKey });
      const token = sign(claims, rsa.publicKey, { algorithm: 'HS256', expiresIn: '1h' });
      expect(() => verifier.verify(token)).toThrow(TokenRejectedError);
    });
  });
});
