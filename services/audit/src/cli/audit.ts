#!/usr/bin/env node
// The auditors' CLI: `node services/audit/dist/cli/audit.js replay|verify|export|views`.
// Works against a running deployment: it talks to the audit database (or, for export, to the
// audit HTTP API with a token). Results on stdout, progress on stderr.
import { createWriteStream } from 'node:fs';
import type { Writable } from 'node:stream';
import { Pool } from 'pg';
import { csvHeader, csvRecord, jsonLine } from '../export/export-format';
import { countLog, ExportedEntry, LogSelection, selectLog } from '../export/log-selection';
import { liveViewDigests, logDigest } from '../verify/digests';
import { verifyLog, verifyServiceStore } from '../verify/verify-log';
import { ViewVersions } from '../views/view-versions';
import { Command, parseArgs, USAGE, UsageError } from './cli-args';

async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs(argv, process.env);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`audit: ${error.message}\n\n${USAGE}`);
    return 64;
  }
  const { command, database, quiet } = parsed;
  if (command.kind === 'help') {
    process.stdout.write(USAGE);
    return 0;
  }
  const progress = quiet ? () => undefined : progressLine();
  if (command.kind === 'export' && command.api) {
    await exportOverHttp(command, progress);
    return 0;
  }
  const pool = new Pool({
    connectionString: database!,
    max: 8,
    application_name: 'bulwark-audit-cli',
  });
  try {
    return await run(command, pool, progress);
  } finally {
    await pool.end();
  }
}

type ProgressFn = (label: string, done: number, total: number) => void;

async function run(
  command: Exclude<Command, { kind: 'help' }>,
  pool: Pool,
  progress: ProgressFn,
): Promise<number> {
  switch (command.kind) {
    case 'replay': {
      const versions = new ViewVersions(pool);
      // Two views rebuild side by side (the machine's two cores), each on its own connection.
      const results = await inTurns(command.views, 2, (view) =>
        versions.rebuild(view, {
          actor: command.actor,
          reason: command.reason,
          chunk: command.chunk,
          onProgress: (v, done, total) => progress(`replay ${v}`, done, total),
        }),
      );
      print({ rebuilt: results });
      return 0;
    }
    case 'scratch': {
      const versions = new ViewVersions(pool);
      const results = [];
      for (const view of command.views)
        results.push(
          await versions.scratch(view, command.filter, {
            actor: command.actor,
            note: command.note,
            onProgress: (v, done, total) => progress(`scratch ${v}`, done, total),
          }),
        );
      print({ scratch: results });
      return 0;
    }
    case 'verify': {
      const log = await verifyLog(pool, {
        onProgress: (done, total) => progress('verify audit log', done, total),
      });
      const stores = [];
      for (const url of command.stores)
        stores.push({ store: redact(url), ...(await verifyServiceStore(url)) });
      const digest = command.digest
        ? { log: await logDigest(pool), views: await liveViewDigests(pool, 'portable') }
        : undefined;
      const ok = log.ok && stores.every((s) => s.ok);
      print({ ok, log, stores, ...(digest ? { digest } : {}) });
      return ok ? 0 : 2;
    }
    case 'export': {
      const out = openOut(command.out);
      const total = await countLog(pool, command.selection);
      let after = 0;
      let done = 0;
      if (command.format === 'csv') await write(out, csvHeader());
      for (;;) {
        const page = await selectLog(pool, command.selection, after, 5000);
        for (const e of page)
          await write(out, command.format === 'csv' ? csvRecord(e) : jsonLine(e));
        done += page.length;
        progress('export', done, total);
        if (page.length < 5000) break;
        after = page[page.length - 1].seq;
      }
      await close(out);
      return 0;
    }
    case 'views': {
      const versions = new ViewVersions(pool);
      print({ versions: await versions.list(), switches: await versions.switches() });
      return 0;
    }
  }
  return 64;
}

/** Export through the audit API (GET /log, page by page) with an auditor's token. */
async function exportOverHttp(
  command: Extract<Command, { kind: 'export' }>,
  progress: ProgressFn,
): Promise<void> {
  const out = openOut(command.out);
  const s: LogSelection = command.selection;
  if (command.format === 'csv') await write(out, csvHeader());
  let after = 0;
  let done = 0;
  for (;;) {
    const url = new URL('/log', command.api!);
    const set = (k: string, v: string | string[] | undefined) => {
      if (v !== undefined && v.length > 0)
        url.searchParams.set(k, Array.isArray(v) ? v.join(',') : v);
    };
    set('from', s.from);
    set('to', s.to);
    set('stream', s.streams);
    set('student', s.studentNumber);
    set('actor', s.actor);
    set('type', s.types);
    set('context', s.contexts);
    url.searchParams.set('afterSeq', String(after));
    url.searchParams.set('limit', '5000');
    const res = await fetch(url, { headers: { authorization: `Bearer ${command.token}` } });
    if (!res.ok) throw new Error(`GET ${url.pathname}: ${res.status} ${await res.text()}`);
    const body = (await res.json()) as { entries: ExportedEntry[]; nextAfterSeq: number | null };
    for (const e of body.entries)
      await write(out, command.format === 'csv' ? csvRecord(e) : jsonLine(e));
    done += body.entries.length;
    progress('export', done, 0);
    if (body.nextAfterSeq === null) break;
    after = body.nextAfterSeq;
  }
  await close(out);
}

/** Runs `work` on every item, at most `width` at a time; results in the items' order. */
async function inTurns<T, R>(
  items: T[],
  width: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, lane));
  return results;
}

function progressLine(): ProgressFn {
  const started = Date.now();
  let last = 0;
  return (label, done, total) => {
    const now = Date.now();
    if (now - last < 500 && done !== total) return;
    last = now;
    const pct = total > 0 ? ` (${Math.floor((100 * done) / total)}%)` : '';
    const secs = ((now - started) / 1000).toFixed(1);
    process.stderr.write(`${label}: ${done}${total > 0 ? `/${total}` : ''}${pct} ${secs}s\n`);
  };
}

function openOut(path: string | null): Writable {
  return path ? createWriteStream(path) : process.stdout;
}

function write(out: Writable, text: string): Promise<void> | void {
  if (!out.write(text)) return new Promise((resolve) => out.once('drain', () => resolve()));
}

function close(out: Writable): Promise<void> {
  if (out === process.stdout) return Promise.resolve();
  return new Promise((resolve, reject) =>
    out.end((e?: Error | null) => (e ? reject(e) : resolve())),
  );
}

function print(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(unparsable url)';
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error) => {
      process.stderr.write(`audit: ${(error as Error).message ?? error}\n`);
      process.exitCode = 1;
    },
  );
}

export { main };
