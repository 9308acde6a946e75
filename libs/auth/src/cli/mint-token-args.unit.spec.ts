import { parseMintArgs, UsageError } from './mint-token-args';

const base = ['--sub', 'c-042', '--roles', 'counsellor,league-secretary', '--scopes', 'sem-2021-1'];

describe('parseMintArgs', () => {
  it('reads claims and signs with JWT_SECRET by default for 8 hours', () => {
    expect(parseMintArgs(base, { JWT_SECRET: 'dev' })).toEqual({
      kind: 'mint',
      claims: {
        sub: 'c-042',
        name: 'c-042',
        roles: ['counsellor', 'league-secretary'],
        scopes: ['sem-2021-1'],
      },
      options: { secret: 'dev', expiresIn: '8h', issuer: undefined, audience: undefined },
    });
  });

  it('takes --name, --expires, --issuer, --audience and --flag=value forms', () => {
    const command = parseMintArgs(
      [...base, '--name=Li Wei', '--expires', '15m', '--issuer', 'idp', '--audience=bulwark'],
      { JWT_SECRET: 'dev' },
    );
    expect(command).toMatchObject({
      claims: { name: 'Li Wei' },
      options: { expiresIn: '15m', issuer: 'idp', audience: 'bulwark' },
    });
  });

  it('takes issuer and audience from the environment the verifier also reads', () => {
    const command = parseMintArgs(base, {
      JWT_SECRET: 'dev',
      JWT_ISSUER: 'idp',
      JWT_AUDIENCE: 'bulwark',
    });
    expect(command).toMatchObject({ options: { issuer: 'idp', audience: 'bulwark' } });
  });

  it('prefers --secret, then JWT_SECRET, then JWT_PRIVATE_KEY', () => {
    expect(parseMintArgs([...base, '--secret', 'flag'], { JWT_SECRET: 'env' })).toMatchObject({
      options: { secret: 'flag' },
    });
    expect(parseMintArgs(base, { JWT_PRIVATE_KEY: 'pem' })).toMatchObject({
      options: { privateKey: 'pem' },
    });
  });

  it('answers help', () => {
    expect(parseMintArgs(['--help'], {})).toEqual({ kind: 'help' });
    expect(parseMintArgs([...base, '-h'], {})).toEqual({ kind: 'help' });
  });

  it.each([
    [['--roles', 'counsellor', '--scopes', 'sem'], { JWT_SECRET: 's' }, /--sub is required/],
    [['--sub', 'x', '--scopes', 'sem'], { JWT_SECRET: 's' }, /--roles is required/],
    [['--sub', 'x', '--roles', 'counsellor'], { JWT_SECRET: 's' }, /--scopes is required/],
    [['--sub', 'x', '--roles', 'root', '--scopes', '*'], { JWT_SECRET: 's' }, /unknown role/],
    [[...base, '--expires'], { JWT_SECRET: 's' }, /--expires needs a value/],
    [[...base, '--colour', 'red'], { JWT_SECRET: 's' }, /unknown argument: --colour/],
    [base, {}, /no signing key/],
    [base, { JWT_SECRET: 's', JWT_PRIVATE_KEY: 'pem' }, /both JWT_SECRET and JWT_PRIVATE_KEY/],
  ])('refuses %p', (argv, env, message) => {
    expect(() => parseMintArgs(argv, env)).toThrow(UsageError);
    expect(() => parseMintArgs(argv, env)).toThrow(message);
  });
});
