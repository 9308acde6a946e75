import type { Rate } from './measure';
import { at } from './checked';

export interface Figure {
  label: string;
  writers: number | null;
  rate: Rate | null;
  /** Why there is no rate, or a remark on it. */
  note?: string;
}

export interface Ratio {
  label: string;
  numerator: Rate | null;
  denominator: Rate | null;
  /** Target as a minimum ratio; none means the line is for information. */
  atLeast?: number | undefined;
}

const int = (n: number) => Math.round(n).toLocaleString('en-US');

export function formatTable(figures: Figure[]): string {
  const header = [
    'measurement',
    'writers',
    'ops',
    'seconds',
    'ops/s',
    'rounds min-max',
    'bench CPU',
    'note',
  ];
  const rows = figures.map((f) => [
    f.label,
    f.writers === null ? '-' : String(f.writers),
    f.rate ? int(f.rate.ops) : '-',
    f.rate ? f.rate.seconds.toFixed(2) : '-',
    f.rate ? int(f.rate.perSecond) : 'n/a',
    f.rate?.min === undefined || f.rate.max === undefined
      ? '-'
      : `${int(f.rate.min)}-${int(f.rate.max)}`,
    f.rate?.nodeCpu === undefined ? '-' : `${Math.round(f.rate.nodeCpu * 100)}%`,
    [f.rate?.exhausted ? 'ran out of work' : '', f.note ?? ''].filter(Boolean).join('; '),
  ]);
  if (rows.every((r) => r[7] === '')) {
    header.pop();
    rows.forEach((r) => r.pop());
  }
  const left = new Set([0, 7]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => at(r, i).length)));
  const line = (cells: string[]) =>
    `| ${cells.map((c, i) => (left.has(i) ? c.padEnd(at(widths, i)) : c.padStart(at(widths, i)))).join(' | ')} |`;
  const rule = widths.map((w, i) => (left.has(i) ? '-'.repeat(w + 2) : `${'-'.repeat(w + 1)}:`));
  return [line(header), `|${rule.join('|')}|`, ...rows.map(line)].join('\n');
}

export function formatRatios(ratios: Ratio[]): string {
  const width = Math.max(...ratios.map((r) => r.label.length));
  return ratios
    .map((r) => {
      const value =
        r.numerator && r.denominator && r.denominator.perSecond > 0
          ? r.numerator.perSecond / r.denominator.perSecond
          : null;
      const shown = value === null ? 'n/a' : value.toFixed(2);
      const verdict =
        r.atLeast === undefined
          ? '(information)'
          : value === null
            ? `target >= ${r.atLeast.toFixed(2)}: not measured`
            : `target >= ${r.atLeast.toFixed(2)}: ${value >= r.atLeast ? 'MET' : 'MISSED'}`;
      return `${r.label.padEnd(width)}  ${shown.padStart(5)}  ${verdict}`;
    })
    .join('\n');
}
