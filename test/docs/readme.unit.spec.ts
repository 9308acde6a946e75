import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import * as contracts from '@bulwark/contracts';
import type { EventContract } from '@bulwark/contracts';
import { codeBlocks, group, isExternal, linkTargets, tables } from './markdown';

// The READMEs a newcomer reads first: they must render (tables), lead somewhere (links) and
// tell subscribers the whole truth (the root README's event catalogue).

const root = resolve(__dirname, '../..');

function readmesUnder(folder: string): string[] {
  const dir = join(root, folder);
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(dir, entry.name, 'README.md')))
    .map((entry) => `${folder}/${entry.name}/README.md`);
}

const readmes = [
  'README.md',
  ...readmesUnder('services'),
  ...readmesUnder('libs'),
  'deploy/README.md',
  'test/bench/README.md',
];
const read = (file: string) => readFileSync(join(root, file), 'utf8');

describe('the READMEs', () => {
  it('are all there', () => {
    for (const file of readmes) expect(existsSync(join(root, file))).toBe(true);
    expect(readmes).toEqual(
      expect.arrayContaining(['services/roster/README.md', 'libs/testing/README.md']),
    );
  });

  it.each(readmes)('%s: every table parses (no blank line inside, one column count)', (file) => {
    const { problems } = tables(read(file));
    expect(problems.map((p) => `${file}:${p.line}: ${p.problem}`)).toEqual([]);
  });

  it.each(readmes)('%s: every relative link leads to a file of the repository', (file) => {
    const broken = linkTargets(read(file))
      .filter(({ target }) => !isExternal(target))
      .filter(({ target }) => {
        const path = resolve(root, dirname(file), decodeURI(target.replace(/[?#].*$/, '')));
        return relative(root, path).startsWith('..') || !existsSync(path);
      })
      .map(({ line, target }) => `${file}:${line}: ${target}`);
    expect(broken).toEqual([]);
  });

  it.each(readmes)('%s: every JSON example is JSON', (file) => {
    const invalid = codeBlocks(read(file), 'json').flatMap(({ line, code }) => {
      try {
        JSON.parse(code);
        return [];
      } catch (error) {
        return [`${file}:${line}: ${(error as Error).message}`];
      }
    });
    expect(invalid).toEqual([]);
  });
});

/**
 * Variables the root README's shell examples use before setting them, in reading order:
 * `$NAME`, and the variables a command needs (the token CLI signs with JWT_SECRET).
 */
function unsetVariables(markdown: string): string[] {
  const needs: [RegExp, string][] = [[/npm run -s token\b/, 'JWT_SECRET']];
  const set = new Set<string>();
  const unset: string[] = [];
  for (const { line, code } of codeBlocks(markdown, 'sh'))
    code.split('\n').forEach((text, i) => {
      const command = text.replace(/\s+#.*$/, '');
      const used = [...command.matchAll(/\$\{?([A-Z_][A-Z0-9_]*)/g)].map((m) => group(m, 1));
      for (const [pattern, name] of needs) if (pattern.test(command)) used.push(name);
      // `export A=x B=$(… $A …)` expands the substitution before the export: set after use.
      for (const name of used) if (!set.has(name)) unset.push(`line ${line + i}: ${name}`);
      for (const m of command.matchAll(/(?:^|\s)(?:export\s+)?([A-Z_][A-Z0-9_]*)=/g))
        set.add(group(m, 1));
    });
  return unset;
}

/** Files under a folder of the repository whose name ends with `suffix` (no node_modules). */
function filesEndingWith(folder: string, suffix: string): string[] {
  return readdirSync(join(root, folder), { recursive: true, encoding: 'utf8' }).filter(
    (path) => path.endsWith(suffix) && !path.split('/').includes('node_modules'),
  );
}

describe("the root README's promises about tests", () => {
  it('promises end-to-end suites only when there are some', () => {
    const e2e = ['libs', 'services', 'test'].flatMap((f) => filesEndingWith(f, '.e2e.spec.ts'));
    const readme = read('README.md');
    if (e2e.length === 0) {
      expect(readme).not.toMatch(/(unit|integration),? and end-to-end suite/);
      expect(readme).toMatch(/`\*\.e2e\.spec\.ts` tier is wired into jest and\s+empty/);
    } else {
      expect(readme).not.toMatch(/e2e\.spec\.ts` tier is wired into jest and\s+empty/);
    }
  });
});

describe("the root README's shell examples", () => {
  it('set every variable before they use it', () => {
    expect(unsetVariables(read('README.md'))).toEqual([]);
  });

  it('are checked: a token minted without JWT_SECRET, or $TOKEN never set, is caught', () => {
    const doc = [
      '```sh',
      "npm run -s token -- --sub office-1 --roles student-affairs --scopes '*'",
      'curl -H "Authorization: Bearer $TOKEN" localhost:3001/units/x',
      'export JWT_SECRET=s',
      'export TOKEN=$(npm run -s token -- --sub a)',
      'curl -H "Authorization: Bearer $TOKEN" localhost:3001/units/x',
      '```',
    ].join('\n');
    expect(unsetVariables(doc)).toEqual(['line 2: JWT_SECRET', 'line 3: TOKEN']);
  });
});

describe('markdown checks', () => {
  it('find a blank line inside a table, a short row, and a link out of the repository', () => {
    const doc = [
      '| a | b |',
      '| - | - |',
      '| 1 | 2 |',
      '',
      '| 3 | 4 |',
      '| 5 |',
      '',
      '```',
      '| not | a | table |',
      '```',
      '[design](../shared/DESIGN.md) and [`x`](README.md#top) <https://nats.io>',
    ].join('\n');
    expect(tables(doc).problems).toEqual([
      { line: 5, problem: 'a table row outside any table (a blank line inside a table?)' },
      { line: 6, problem: 'a table row outside any table (a blank line inside a table?)' },
    ]);
    expect(tables('| a | b |\n| - | - |\n| 1 |\n| `x \\| y` | z |').problems).toEqual([
      { line: 3, problem: '1 cells in a table of 2 columns' },
    ]);
    expect(linkTargets(doc).map((l) => l.target)).toEqual(['../shared/DESIGN.md', 'README.md#top']);
    expect(isExternal('https://nats.io')).toBe(true);
    expect(isExternal('#design')).toBe(true);
  });
});

describe("the root README's event catalogue", () => {
  const published = (Object.values(contracts) as unknown[])
    .filter((value): value is unknown[] => Array.isArray(value))
    .flat()
    .filter(
      (c): c is EventContract => typeof c === 'object' && c !== null && 'cloudEventType' in c,
    );

  it('knows the contracts (the check below is not empty)', () => {
    expect(published.map((c) => c.type)).toEqual(
      expect.arrayContaining(['StudentEnrolled', 'CheckInSubmitted', 'TestGroupLeaderAssigned']),
    );
  });

  it('names every event type of libs/contracts in a row of its context', () => {
    const readme = read('README.md');
    const section = readme.slice(readme.indexOf('## Events, for subscribers'));
    const catalogue = tables(section.slice(0, section.indexOf('\n## ', 1))).tables;
    const rows = catalogue.flatMap((t) => t.rows.flatMap((r) => r.slice(0, 1)));
    const missing = [...new Set(published.map((c) => `bulwark.${c.context}.${c.type}`))].filter(
      (subject) => {
        const [, context, type] = subject.split('.');
        return !rows.some(
          (row) => row.includes(`bulwark.${context}.`) && new RegExp(`\\b${type}\\b`).test(row),
        );
      },
    );
    expect(missing).toEqual([]);
  });
});
