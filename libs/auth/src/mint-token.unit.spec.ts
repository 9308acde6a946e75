import { decode } from 'jsonwebtoken';
import { JwtVerifier } from './jwt-verifier';
import { mintToken, type MintClaims } from './mint-token';
import { p256KeyPair, rsaKeyPair } from './test-support/key-pairs';

const claims: MintClaims = {
  sub: 'sa-001',
  name: 'Student Affairs, SEM',
  roles: ['student-affairs', 'counsellor'],
  scopes: ['sem'],
};
const actor = {
  id: 'sa-001',
  name: 'Student Affairs, SEM',
  roles: ['student-affairs', 'counsellor'],
  scopes: ['sem'],
};

describe('mintToken', () => {
  it('round-trips through the verifier with HS256', () => {
    const token = mintToken(claims, { secret: 's3cret', expiresIn: '1h' });
    expect(new JwtVerifier({ secret: 's3cret' }).verify(token)).toEqual(actor);
  });

  it('round-trips with an RSA key pair (RS256)', () => {
    const { publicKey, privateKey } = rsaKeyPair();
    const token = mintToken(claims, { privateKey, expiresIn: '1h' });
    expect(decode(token, { complete: true })?.header.alg).toBe('RS256');
    expect(new JwtVerifier({ publicKey }).verify(token)).toEqual(actor);
  });

  it('round-trips with a P-256 key pair (ES256)', () => {
    const { publicKey, privateKey } = p256KeyPair();
    const token = mintToken(claims, { privateKey });
    expect(decode(token, { complete: true })?.header.alg).toBe('ES256');
    expect(new JwtVerifier({ publicKey }).verify(token)).toEqual(actor);
  });

  it('carries issuer and audience the verifier checks', () => {
    const token = mintToken(claims, { secret: 's', issuer: 'bulwark-idp', audience: 'bulwark' });
    const verifier = new JwtVerifier({ secret: 's', issuer: 'bulwark-idp', audience: 'bulwark' });
    expect(verifier.verify(token)).toEqual(actor);
  });

  it('expires after 8 hours unless told otherwise', () => {
    const payload = decode(mintToken(claims, { secret: 's' }), { json: true });
    expect(payload?.exp).toBeDefined();
    expect(payload!.exp! - payload!.iat!).toBe(8 * 3600);
    const short = decode(mintToken(claims, { secret: 's', expiresIn: 90 }), { json: true });
    expect(short!.exp! - short!.iat!).toBe(90);
    // A bare numeric string too, where jsonwebtoken alone would read milliseconds.
    const digits = decode(mintToken(claims, { secret: 's', expiresIn: '3600' }), { json: true });
    expect(digits!.exp! - digits!.iat!).toBe(3600);
  });

  it('mints tokens that expire: the verifier then rejects them', () => {
    const token = mintToken(claims, { secret: 's', expiresIn: -10 });
    expect(() => new JwtVerifier({ secret: 's' }).verify(token)).toThrow(/expired/);
  });

  it('refuses claims the verifier would reject', () => {
    expect(() => mintToken({ ...claims, sub: '' }, { secret: 's' })).toThrow(/"sub"/);
    const badRole = { ...claims, roles: ['root'] } as unknown as MintClaims;
    expect(() => mintToken(badRole, { secret: 's' })).toThrow(/unknown role/);
  });

  it('refuses a lifetime it cannot read', () => {
    expect(() => mintToken(claims, { secret: 's', expiresIn: 'banana' })).toThrow(/expiresIn/);
  });

  it('refuses an empty secret and an unusable key', () => {
    expect(() => mintToken(claims, { secret: '' })).toThrow(/secret is empty/);
    expect(() => mintToken(claims, { privateKey: 'nope' })).toThrow(/not a readable PEM/);
  });
});
