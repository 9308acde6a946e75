import { DEFAULT_TOKEN_LIFETIME, type MintClaims, type MintOptions } from '../mint-token';
import { isRole, ROLES } from '../roles';

export const MINT_TOKEN_USAGE = `Mint a Bulwark bearer token for local use. Prints only the token.

Usage: npm run token -- --sub <id> --roles <role,...> --scopes <unit,...> [options]

  --sub <id>           actor id (required)
  --name <name>        display name (default: the actor id)
  --roles <a,b>        roles (required): ${ROLES.join(', ')}
  --scopes <x,y>       org-unit codes, e.g. sem, sem-2021-1, or * for the whole university (required)
  --expires <span>     lifetime: 15m, 8h, 2d, or seconds (default: ${DEFAULT_TOKEN_LIFETIME})
  --secret <secret>    HS256 secret (default: JWT_SECRET)
  --issuer <iss>       iss claim (default: JWT_ISSUER)
  --audience <aud>     aud claim (default: JWT_AUDIENCE)
  --help               print this help

Signing key: --secret, else JWT_SECRET (HS256), else JWT_PRIVATE_KEY (PEM; RS256 or ES256).

Example:
  JWT_SECRET=dev npm run token -- --sub c-042 --name "Li Wei" --roles counsellor --scopes sem-2021-1`;

/** A mistake in how the CLI was called: reported with a pointer to --help. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export type MintCommand =
  { kind: 'help' } | { kind: 'mint'; claims: MintClaims; options: MintOptions };

const FLAGS = [
  'sub',
  'name',
  'roles',
  'scopes',
  'expires',
  'secret',
  'issuer',
  'audience',
] as const;
type Flag = (typeof FLAGS)[number];

/** Reads the command line and environment; pure so it can be tested without a process. */
export function parseMintArgs(argv: readonly string[], env: NodeJS.ProcessEnv): MintCommand {
  const flags = readFlags(argv);
  if (flags === 'help') return { kind: 'help' };

  const sub = required(flags, 'sub');
  const roles = list(required(flags, 'roles'));
  const unknown = roles.filter((role) => !isRole(role));
  if (unknown.length > 0) {
    throw new UsageError(`unknown role(s): ${unknown.join(', ')} (known: ${ROLES.join(', ')})`);
  }
  const scopes = list(required(flags, 'scopes'));

  const claims: MintClaims = { sub, name: flags.name ?? sub, roles: roles.filter(isRole), scopes };
  const common = {
    expiresIn: flags.expires ?? DEFAULT_TOKEN_LIFETIME,
    issuer: flags.issuer ?? (env.JWT_ISSUER || undefined),
    audience: flags.audience ?? (env.JWT_AUDIENCE || undefined),
  };
  return { kind: 'mint', claims, options: { ...common, ...signingKey(flags, env) } };
}

function signingKey(
  flags: Partial<Record<Flag, string>>,
  env: NodeJS.ProcessEnv,
): { secret: string } | { privateKey: string } {
  if (flags.secret) return { secret: flags.secret };
  if (env.JWT_SECRET && env.JWT_PRIVATE_KEY) {
    throw new UsageError(
      'both JWT_SECRET and JWT_PRIVATE_KEY are set: unset one, or pass --secret',
    );
  }
  if (env.JWT_SECRET) return { secret: env.JWT_SECRET };
  if (env.JWT_PRIVATE_KEY) return { privateKey: env.JWT_PRIVATE_KEY };
  throw new UsageError('no signing key: pass --secret, or set JWT_SECRET or JWT_PRIVATE_KEY');
}

function readFlags(argv: readonly string[]): Partial<Record<Flag, string>> | 'help' {
  const flags: Partial<Record<Flag, string>> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--help' || arg === '-h') return 'help';
    const match = /^--([a-z]+)(?:=(.*))?$/s.exec(arg ?? '');
    const flag = FLAGS.find((f) => f === match?.[1]);
    if (!match || !flag) throw new UsageError(`unknown argument: ${arg}`);
    let value = match[2];
    if (value === undefined) {
      value = argv[++i];
      if (value === undefined || value.startsWith('--')) {
        throw new UsageError(`--${flag} needs a value`);
      }
    }
    flags[flag] = value;
  }
  return flags;
}

function required(flags: Partial<Record<Flag, string>>, flag: Flag): string {
  const value = flags[flag]?.trim();
  if (!value) throw new UsageError(`--${flag} is required`);
  return value;
}

function list(value: string): string[] {
  return value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}
