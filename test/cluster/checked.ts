// Reads the type checker cannot prove safe, made explicit: an index or a value the suite's own
// logic or a query guarantees. A miss means that logic broke, so it throws and says what was
// missing instead of failing later on `undefined`.

/** `items[index]`, where the caller's logic keeps `index` in range. */
export function at<T>(items: readonly T[], index: number): T {
  const item = items[index];
  if (item === undefined) throw new Error(`index ${index} out of range (length ${items.length})`);
  return item;
}

/** `value`, which the caller knows is there; `what` names it when it is not. */
export function present<T>(value: T | null | undefined, what: string): T {
  if (value === undefined || value === null) throw new Error(`missing: ${what}`);
  return value;
}
