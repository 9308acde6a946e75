import { spawnSync } from 'node:child_process';
import { relative, resolve } from 'node:path';

const root = resolve(__dirname, '../..');

const rejected = [
  ['services/roster/src/imports-another-service.ts', 'never imports another service'],
  ['services/roster/src/imports-another-service-relatively.ts', 'never imports another service'],
  ['libs/contracts/src/imports-ours.ts', 'libs/contracts imports nothing of ours'],
  ['libs/decider/src/imports-a-package.ts', 'libs/decider imports nothing'],
  ['libs/decider/src/imports-ours.ts', 'libs/decider imports nothing'],
  ['libs/event-store/src/imports-messaging.ts', 'neither messaging, auth'],
  ['libs/event-store/src/imports-auth.ts', 'neither messaging, auth'],
] as const;
const allowed = ['libs/decider/src/allowed.ts', 'libs/event-store/src/allowed.ts'] as const;

interface LintResult {
  filePath: string;
  messages: { ruleId: string | null; message: string }[];
}

/**
 * The module boundaries are checked by ESLint, not by memory: each fixture here holds one
 * deliberately bad import, laid out where the rule applies, and the repository's own
 * eslint.config.mjs must reject it (the normal lint run ignores these folders). ESLint runs as
 * its own process: jest's module runtime cannot load an ES-module config.
 */
describe('module boundaries (eslint.config.mjs)', () => {
  let restricted: Map<string, string[]>;

  beforeAll(() => {
    const files = [...rejected.map(([f]) => f), ...allowed].map((f) => resolve(__dirname, f));
    const run = spawnSync(
      process.execPath,
      [
        resolve(root, 'node_modules/eslint/bin/eslint.js'),
        '--no-ignore',
        '--format',
        'json',
        ...files,
      ],
      { cwd: root, encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 },
    );
    if (!run.stdout) throw new Error(`eslint did not run: ${run.stderr}`);
    const results = JSON.parse(run.stdout) as LintResult[];
    // A fixture ESLint could not parse proves nothing either way.
    const unparsed = results.flatMap((r) => r.messages.filter((m) => m.ruleId === null));
    expect(unparsed).toEqual([]);
    restricted = new Map(
      results.map((r) => [
        relative(__dirname, r.filePath),
        r.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message),
      ]),
    );
  }, 120_000);

  it.each(rejected)('rejects %s', (file, reason) => {
    const errors = restricted.get(file);
    expect(errors).toHaveLength(1);
    expect(errors?.[0]).toContain(reason);
  });

  it.each(allowed)('lets %s through', (file) => {
    expect(restricted.get(file)).toEqual([]);
  });
});
