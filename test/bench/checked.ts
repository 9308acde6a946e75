// Reads the type checker cannot prove safe, made explicit: an index or a value the bench's own
// logic guarantees. A miss means that logic broke, so it throws instead of measuring nonsense.

/** `items[index]`, where the caller's logic keeps `index` in range. */
export function at<T>(items: readonly T[], index: number): T {
  const item = items[index];
  if (item === undefined) throw new Error(`index ${index} out of range (length ${items.length})`);
  return item;
}
