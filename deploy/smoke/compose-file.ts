// Reads docker-compose.yml the way Compose does, for the smoke's rewrite (host-network.ts)
// and the static check (test/deploy/compose.unit.spec.ts): YAML merge keys and anchors
// resolved, `environment` as a map, `${VAR}` interpolation with Compose's defaults.
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

export type EnvValue = string | number | boolean | null;

export interface ComposeBuild {
  context?: string;
  dockerfile?: string;
  args?: Record<string, EnvValue>;
  [key: string]: unknown;
}

export interface ComposeService {
  image?: string;
  build?: ComposeBuild;
  command?: string[] | string;
  environment?: Record<string, EnvValue> | string[];
  ports?: (string | number | Record<string, unknown>)[];
  volumes?: (string | Record<string, unknown>)[];
  healthcheck?: { test?: string[] | string; disable?: boolean; [key: string]: unknown };
  depends_on?: Record<string, { condition?: string }> | string[];
  [key: string]: unknown;
}

export interface ComposeFile {
  services: Record<string, ComposeService>;
  volumes?: Record<string, unknown>;
  [key: string]: unknown;
}

export function readComposeFile(path: string): ComposeFile {
  // Compose files use YAML 1.1 merge keys (`<<: *env`).
  const doc = parse(readFileSync(path, 'utf8'), { merge: true, maxAliasCount: -1 }) as unknown;
  if (!isRecord(doc) || !isRecord(doc.services))
    throw new Error(`${path}: not a compose file (no services)`);
  for (const [name, service] of Object.entries(doc.services)) {
    if (!isRecord(service)) throw new Error(`${path}: service ${name} is not a mapping`);
    if (typeof service.build === 'string') service.build = { context: service.build };
  }
  return doc as ComposeFile;
}

/** A service's environment as a map of strings (a bare `KEY` in list form is left out). */
export function environmentOf(service: ComposeService): Record<string, string> {
  const env = service.environment ?? {};
  const entries: [string, string][] = Array.isArray(env)
    ? env.filter((line) => line.includes('=')).map((line) => splitOnce(line, '='))
    : Object.entries(env).map(([key, value]) => [key, value === null ? '' : String(value)]);
  return Object.fromEntries(entries);
}

/**
 * Compose's interpolation: `$$` is a dollar, `${VAR}` / `$VAR`, `${VAR:-default}` (unset or
 * empty), `${VAR-default}` (unset), `${VAR:?error}` / `${VAR?error}`.
 */
export function interpolate(value: string, env: Record<string, string | undefined>): string {
  return value.replace(
    /\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?)([-?])([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g,
    (match, braced?: string, colon?: string, op?: string, word?: string, bare?: string) => {
      if (match === '$$') return '$';
      const name = (braced ?? bare) as string;
      const current = env[name];
      const missing = current === undefined || (colon === ':' && current === '');
      if (!op) return current ?? '';
      if (!missing) return current as string;
      if (op === '-') return word ?? '';
      throw new Error(`${name}: ${word || 'required'}`);
    },
  );
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function splitOnce(text: string, separator: string): [string, string] {
  const at = text.indexOf(separator);
  return [text.slice(0, at), text.slice(at + separator.length)];
}
