/** What a test expects to be there (a row, an element): fails the test, naming it, when it is not. */
export function present<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`expected ${what}, found nothing`);
  return value;
}
