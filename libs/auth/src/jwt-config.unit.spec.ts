import { jwtConfigFromEnv } from './jwt-config';

describe('jwtConfigFromEnv', () => {
  it('reads the JWT_* variables', () => {
    expect(
      jwtConfigFromEnv({
        JWT_SECRET: 's3cret',
        JWT_PUBLIC_KEY: 'pem',
        JWT_ISSUER: 'bulwark-idp',
        JWT_AUDIENCE: 'bulwark',
      }),
    ).toEqual({ secret: 's3cret', publicKey: 'pem', issuer: 'bulwark-idp', audience: 'bulwark' });
  });

  it('treats empty variables as unset', () => {
    expect(jwtConfigFromEnv({ JWT_SECRET: '', JWT_ISSUER: ' ' })).toEqual({
      secret: undefined,
      publicKey: undefined,
      issuer: undefined,
      audience: undefined,
    });
  });
});
