// Just enough Markdown (GitHub's flavour) for the docs tests: tables and relative links,
// outside fenced code blocks.

export interface MarkdownProblem {
  line: number;
  problem: string;
}

/** A table: its first line (1-based), its header cells and its body rows' cells. */
export interface MarkdownTable {
  line: number;
  header: string[];
  rows: string[][];
}

/** A capture group the pattern always sets (its absence means the pattern changed). */
export function group(match: RegExpExecArray | RegExpMatchArray, n: number): string {
  const text = match[n];
  if (text === undefined) throw new Error(`capture group ${n} of ${String(match[0])} is unset`);
  return text;
}

/** The line at an index the caller has bounded by `lines.length`. */
function lineAt(lines: string[], i: number): string {
  const line = lines[i];
  if (line === undefined) throw new Error(`line ${i + 1} is past the end (${lines.length} lines)`);
  return line;
}

/** The lines of a document with fenced code blocks blanked out (line numbers kept). */
export function proseLines(markdown: string): string[] {
  let fence: string | null = null;
  return markdown.split('\n').map((line) => {
    const opening = /^\s{0,3}(```+|~~~+)/.exec(line);
    if (fence === null && opening) {
      fence = group(opening, 1);
      return '';
    }
    if (fence !== null) {
      if (line.trim().startsWith(fence)) fence = null;
      return '';
    }
    return line;
  });
}

/** Fenced code blocks of a language (`json`, `sh`), with the line their code starts on. */
export function codeBlocks(markdown: string, language: string): { line: number; code: string }[] {
  const out: { line: number; code: string }[] = [];
  const lines = markdown.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const opening = /^\s{0,3}(```+|~~~+)\s*([\w-]*)/.exec(lineAt(lines, i));
    if (!opening) continue;
    const fence = group(opening, 1);
    let j = i + 1;
    while (j < lines.length && !lineAt(lines, j).trim().startsWith(fence)) j++;
    if (opening[2] === language) out.push({ line: i + 2, code: lines.slice(i + 1, j).join('\n') });
    i = j;
  }
  return out;
}

const isRow = (line: string) => /^\s{0,3}\|/.test(line);
const isDelimiter = (line: string) => /^\s{0,3}\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$/.test(line);

/** Cells of a table row: split on unescaped pipes (GitHub splits inside code spans too). */
export function cells(row: string): string[] {
  const inner = row
    .trim()
    .replace(/^\|/, '')
    .replace(/(?<!\\)\|$/, '');
  return inner.split(/(?<!\\)\|/).map((c) => c.trim());
}

/**
 * Every table, and every problem with one: a row whose cell count differs from the header's,
 * and a line that looks like a row but belongs to no table (after a blank line, GitHub shows
 * it as text full of pipes).
 */
export function tables(markdown: string): { tables: MarkdownTable[]; problems: MarkdownProblem[] } {
  const lines = proseLines(markdown);
  const found: MarkdownTable[] = [];
  const problems: MarkdownProblem[] = [];
  for (let i = 0; i < lines.length; i++) {
    const first = lineAt(lines, i);
    if (!isRow(first)) continue;
    if (i + 1 >= lines.length || !isDelimiter(lineAt(lines, i + 1))) {
      problems.push({
        line: i + 1,
        problem: 'a table row outside any table (a blank line inside a table?)',
      });
      continue;
    }
    const table: MarkdownTable = { line: i + 1, header: cells(first), rows: [] };
    if (cells(lineAt(lines, i + 1)).length !== table.header.length)
      problems.push({ line: i + 2, problem: 'delimiter row has another number of columns' });
    let j = i + 2;
    for (; j < lines.length && isRow(lineAt(lines, j)); j++) {
      const row = cells(lineAt(lines, j));
      if (row.length !== table.header.length)
        problems.push({
          line: j + 1,
          problem: `${row.length} cells in a table of ${table.header.length} columns`,
        });
      table.rows.push(row);
    }
    found.push(table);
    i = j - 1;
  }
  return { tables: found, problems };
}

/** Link targets of the document, inline (`[text](target)`) and reference definitions. */
export function linkTargets(markdown: string): { line: number; target: string }[] {
  const out: { line: number; target: string }[] = [];
  proseLines(markdown).forEach((line, i) => {
    const prose = line.replace(/`[^`]*`/g, 'code');
    for (const m of prose.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g))
      out.push({ line: i + 1, target: group(m, 1) });
    const reference = /^\s{0,3}\[[^\]]+\]:\s*<?([^\s>]+)>?/.exec(prose);
    if (reference) out.push({ line: i + 1, target: group(reference, 1) });
  });
  return out;
}

/** True for a target outside the repository's files: a URL, a mail address, an anchor. */
export function isExternal(target: string): boolean {
  return /^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('#');
}
