import type { ExportFormat } from '../export/export-format';
import type { LogSelection } from '../export/log-selection';
import { isViewName, VIEW_NAMES, ViewName } from '../views/view-definition';
import type { ReplayFilter } from '../replay/view-tables';

export const USAGE = `bulwark audit: the auditors' tool over the audit log

usage:
  audit replay [--view NAME|all] [--actor WHO] [--reason TEXT]
      Rebuild views from the whole log into new versions while the live ones keep serving,
      then switch (recorded: who, when, from, to).
  audit replay --scratch [--view NAME|all] [--from T] [--to T] [--stream S,...] [--context C,...]
      Replay a time range or some streams into scratch versions for an investigation
      (read them with ?version=N on the view's endpoint).
  audit verify [--store URL]... [--digest]
      Walk every chain in the audit log (global and per stream) and report the first broken
      link; --store also walks a service's own event store. Exit 2 when something is broken.
  audit export [--format csv|jsonl] [--out FILE] [--from T] [--to T] [--stream S,...]
               [--student N] [--actor A] [--type T,...] [--context C,...]
      Export log entries. From the database, or over HTTP with --api URL --token JWT.
  audit views
      List the versions of every view and the recorded switches.

common:
  --database URL   the audit database (default: AUDIT_DATABASE_URL, then DATABASE_URL)
  --quiet          no progress on stderr
views: ${VIEW_NAMES.join(', ')}
`;

export type Command =
  | { kind: 'help' }
  | { kind: 'replay'; views: ViewName[]; actor: string; reason: string; chunk: number | undefined }
  | {
      kind: 'scratch';
      views: ViewName[];
      actor: string;
      filter: ReplayFilter;
      note: string | undefined;
    }
  | { kind: 'verify'; stores: string[]; digest: boolean }
  | {
      kind: 'export';
      format: ExportFormat;
      out: string | null;
      selection: LogSelection;
      api: string | null;
      token: string | null;
    }
  | { kind: 'views' };

export interface Parsed {
  command: Command;
  database: string | null;
  quiet: boolean;
}

export class UsageError extends Error {}

const FLAGS = new Set(['scratch', 'digest', 'quiet', 'help']);
const REPEATABLE = new Set(['store']);

/** Reads the command line (without `node audit.js`). Throws UsageError with the reason. */
export function parseArgs(argv: string[], env: NodeJS.ProcessEnv = {}): Parsed {
  const [verb, ...rest] = argv;
  const options = new Map<string, string[]>();
  for (let i = 0; i < rest.length; i += 1) {
    const arg = rest[i] ?? '';
    if (!arg.startsWith('--')) throw new UsageError(`unexpected argument "${arg}"`);
    const [name = '', inline] = arg.slice(2).split(/=(.*)/s, 2);
    let value: string;
    if (FLAGS.has(name)) {
      value = 'true';
    } else if (inline !== undefined) {
      value = inline;
    } else {
      const next = rest[i + 1];
      if (next === undefined || next.startsWith('--'))
        throw new UsageError(`--${name} needs a value`);
      value = next;
      i += 1;
    }
    const seen = options.get(name) ?? [];
    if (seen.length > 0 && !REPEATABLE.has(name)) throw new UsageError(`--${name} given twice`);
    options.set(name, [...seen, value]);
  }
  const take = (name: string): string | undefined => {
    const v = options.get(name)?.[0];
    options.delete(name);
    return v;
  };
  const list = (name: string) =>
    take(name)
      ?.split(',')
      .map((s) => s.trim())
      .filter(Boolean);
  const instant = (name: string) => {
    const v = take(name);
    if (v !== undefined && Number.isNaN(Date.parse(v)))
      throw new UsageError(`--${name} must be an instant (ISO 8601), got "${v}"`);
    return v;
  };
  const database = take('database') ?? env.AUDIT_DATABASE_URL ?? env.DATABASE_URL ?? null;
  const quiet = take('quiet') === 'true';
  const actor = () => take('actor') ?? env.AUDIT_ACTOR ?? env.USER ?? 'unknown-auditor';
  const views = (): ViewName[] => {
    const v = take('view') ?? 'all';
    if (v === 'all') return [...VIEW_NAMES];
    const names = v.split(',');
    for (const n of names)
      if (!isViewName(n))
        throw new UsageError(`unknown view "${n}" (views: ${VIEW_NAMES.join(', ')})`);
    return names as ViewName[];
  };

  let command: Command;
  switch (verb) {
    case undefined:
    case 'help':
    case '--help':
      command = { kind: 'help' };
      break;
    case 'replay': {
      if (take('scratch') === 'true') {
        const filter: ReplayFilter = {
          from: instant('from'),
          to: instant('to'),
          streams: list('stream'),
          contexts: list('context'),
        };
        command = { kind: 'scratch', views: views(), actor: actor(), filter, note: take('note') };
      } else {
        const chunk = take('chunk');
        if (chunk !== undefined && !/^[1-9]\d*$/.test(chunk))
          throw new UsageError('--chunk must be a positive integer');
        command = {
          kind: 'replay',
          views: views(),
          actor: actor(),
          reason: take('reason') ?? 'rebuild requested by an auditor',
          chunk: chunk ? Number(chunk) : undefined,
        };
      }
      break;
    }
    case 'verify':
      command = {
        kind: 'verify',
        stores: options.get('store') ?? [],
        digest: take('digest') === 'true',
      };
      options.delete('store');
      break;
    case 'export': {
      const format = take('format') ?? 'jsonl';
      if (format !== 'csv' && format !== 'jsonl')
        throw new UsageError(`--format must be csv or jsonl, got "${format}"`);
      const api = take('api') ?? null;
      const token = take('token') ?? env.AUDIT_TOKEN ?? null;
      if (api && !token) throw new UsageError('--api needs --token (or AUDIT_TOKEN)');
      command = {
        kind: 'export',
        format,
        out: take('out') ?? null,
        api,
        token,
        selection: {
          from: instant('from'),
          to: instant('to'),
          streams: list('stream'),
          studentNumber: take('student'),
          actor: take('actor'),
          types: list('type'),
          contexts: list('context'),
        },
      };
      break;
    }
    case 'views':
      command = { kind: 'views' };
      break;
    default:
      throw new UsageError(`unknown command "${verb}"`);
  }
  if (take('help') === 'true') command = { kind: 'help' };
  const unknown = [...options.keys()];
  if (unknown.length > 0)
    throw new UsageError(
      `unknown option${unknown.length > 1 ? 's' : ''} --${unknown.join(', --')}`,
    );
  if (command.kind !== 'help' && !(command.kind === 'export' && command.api) && !database)
    throw new UsageError('no audit database: pass --database or set AUDIT_DATABASE_URL');
  return { command, database, quiet };
}
