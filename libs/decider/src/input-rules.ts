import { Rejection } from './rejection';

/**
 * Input rules every decider applies to its command: each refusal is a 400 naming the field (a
 * dotted path) and why. Services add their own formats (codes, numbers) on top.
 */

/** Control characters have no place in a name printed on a report; line breaks only where asked. */
function hasControlCharacter(text: string, allowLineBreaks: boolean): boolean {
  for (let i = 0; i < text.length; i += 1) {
    const unit = text.charCodeAt(i);
    if (allowLineBreaks && (unit === 0x0a || unit === 0x0d)) continue;
    if (unit < 0x20 || unit === 0x7f) return true;
  }
  return false;
}

/** Length in Unicode code points, as JSON Schema's maxLength counts it (not UTF-16 units). */
export function codePointLength(text: string): number {
  return [...text].length;
}

/** Why a trimmed free-text value is not acceptable, or null when it is. */
export function textProblem(text: string, max: number, multiline = false): string | null {
  if (text.length === 0) return 'is required';
  if (codePointLength(text) > max) return `is longer than ${max} characters`;
  if (hasControlCharacter(text, multiline)) {
    return `must be ${multiline ? 'text' : 'a single line'} without control characters`;
  }
  return null;
}

function shown(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** A trimmed, non-empty text of at most `max` code points; multi-line only when allowed. */
export function requireText(
  value: unknown,
  field: string,
  max: number,
  { multiline = false }: { multiline?: boolean } = {},
): string {
  if (typeof value !== 'string') throw Rejection.invalid(field, `${field} is required`);
  const text = value.trim();
  const problem = textProblem(text, max, multiline);
  if (problem) throw Rejection.invalid(field, `${field} ${problem}`);
  return text;
}

/** Like requireText, but null (or absent, or blank) is allowed and kept as null. */
export function optionalText(value: unknown, field: string, max: number): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' && value.trim() === '') return null;
  return requireText(value, field, max);
}

export function requireFormat(value: unknown, format: RegExp, field: string): string {
  if (typeof value !== 'string' || !format.test(value)) {
    throw Rejection.invalid(field, `${field} must match ${format.source}, got ${shown(value)}`);
  }
  return value;
}

export function requireOneOf<T extends string>(
  value: unknown,
  allowed: readonly T[],
  field: string,
): T {
  const found = allowed.find((candidate) => candidate === value);
  if (found === undefined) {
    throw Rejection.invalid(
      field,
      `${field} must be one of ${allowed.join(', ')}, got ${shown(value)}`,
    );
  }
  return found;
}

export function requireBoolean(value: unknown, field: string): boolean {
  if (typeof value !== 'boolean') throw Rejection.invalid(field, `${field} must be true or false`);
  return value;
}

/** The caller handed a state for another stream than the command names: a bug, not a 4xx. */
export function mismatch(what: string, expected: string, got: string): Error {
  return new Error(`${what} state is for ${got}, the command names ${expected}`);
}
