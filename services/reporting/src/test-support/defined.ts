/** The value, or a failed test when it is missing: narrows an index or lookup in a test. */
export function defined<T>(value: T | undefined, what = 'a value'): T {
  if (value === undefined) throw new Error(`expected ${what}, found nothing`);
  return value;
}
