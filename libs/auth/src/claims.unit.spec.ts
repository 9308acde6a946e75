import { actorFromClaims } from './claims';
import { TokenRejectedError } from './token-rejected.error';

const valid = { sub: 'c-042', name: 'Li Wei', roles: ['counsellor'], scopes: ['sem-2021-1'] };

describe('actorFromClaims', () => {
  it('reads the actor from well-formed claims', () => {
    expect(actorFromClaims({ ...valid, exp: 1, iat: 0 })).toEqual({
      id: 'c-042',
      name: 'Li Wei',
      roles: ['counsellor'],
      scopes: ['sem-2021-1'],
    });
  });

  it('falls back to the actor id when the name is missing', () => {
    const { name: _name, ...withoutName } = valid;
    expect(actorFromClaims(withoutName).name).toBe('c-042');
  });

  it('accepts an actor with no roles or no scopes (it simply may do nothing)', () => {
    expect(actorFromClaims({ ...valid, roles: [], scopes: [] })).toMatchObject({
      roles: [],
      scopes: [],
    });
  });

  it.each([
    ['a missing sub', { ...valid, sub: undefined }, /"sub"/],
    ['an empty sub', { ...valid, sub: '  ' }, /"sub"/],
    ['a numeric sub', { ...valid, sub: 42 }, /"sub"/],
    ['a non-string name', { ...valid, name: ['Li'] }, /"name"/],
    ['missing roles', { ...valid, roles: undefined }, /"roles" must be an array/],
    ['roles as a string', { ...valid, roles: 'counsellor' }, /"roles" must be an array/],
    ['a non-string role', { ...valid, roles: ['counsellor', 1] }, /"roles" must be an array/],
    ['an unknown role', { ...valid, roles: ['counsellor', 'admin'] }, /unknown role\(s\): admin/],
    ['missing scopes', { ...valid, scopes: undefined }, /"scopes"/],
    ['scopes as a string', { ...valid, scopes: 'sem' }, /"scopes"/],
    ['an empty scope', { ...valid, scopes: [''] }, /"scopes"/],
  ])('rejects %s', (_case, claims, message) => {
    expect(() => actorFromClaims(claims)).toThrow(TokenRejectedError);
    expect(() => actorFromClaims(claims)).toThrow(message);
  });

  it('rejects a payload that is not an object', () => {
    expect(() => actorFromClaims('c-042')).toThrow(/not a JSON object/);
    expect(() => actorFromClaims(null)).toThrow(/not a JSON object/);
  });
});
