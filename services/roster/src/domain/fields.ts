import { rosterPatterns } from '@bulwark/contracts';
import { Rejection } from '@bulwark/event-store';

/**
 * Input rules shared by the deciders and the roster import. The import reports problems as
 * text per CSV line, the deciders throw them as 400s: both read them from here.
 */
export const formats = {
  unitCode: new RegExp(rosterPatterns.unitCode),
  studentNumber: new RegExp(rosterPatterns.studentNumber),
  phone: new RegExp(rosterPatterns.phone),
  staffId: new RegExp(rosterPatterns.staffId),
  relocationId: new RegExp(rosterPatterns.relocationId),
} as const;

/** Control characters (line breaks included) have no place in a name printed on a report. */
function hasControlCharacter(text: string): boolean {
  for (let i = 0; i < text.length; i += 1) {
    const unit = text.charCodeAt(i);
    if (unit < 0x20 || unit === 0x7f) return true;
  }
  return false;
}

/** Length in Unicode code points, as JSON Schema's maxLength counts it (not UTF-16 units). */
export function codePointLength(text: string): number {
  let length = 0;
  for (let i = 0; i < text.length; i += 1) {
    const unit = text.charCodeAt(i);
    const next = text.charCodeAt(i + 1);
    // A surrogate pair is one code point (e.g. rare CJK characters outside the BMP).
    if (unit >= 0xd800 && unit <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) i += 1;
    length += 1;
  }
  return length;
}

/** Why a trimmed free-text value is not acceptable, or null when it is. */
export function textProblem(text: string, max: number): string | null {
  if (text.length === 0) return 'is required';
  if (codePointLength(text) > max) return `is longer than ${max} characters`;
  if (hasControlCharacter(text)) return 'must be a single line without control characters';
  return null;
}

function shown(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

export function requireText(value: unknown, field: string, max: number): string {
  if (typeof value !== 'string') throw Rejection.invalid(field, `${field} is required`);
  const text = value.trim();
  const problem = textProblem(text, max);
  if (problem) throw Rejection.invalid(field, `${field} ${problem}`);
  return text;
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
