/**
 * Canonical JSON: object keys sorted, no whitespace, undefined members dropped. The same
 * value always gives the same text, whatever key order PostgreSQL's jsonb hands back.
 *
 * Every append hashes its events, so this is on the hot path: objects whose keys are out of
 * order are copied in order and the native `JSON.stringify` writes the text. What cannot be
 * put in order that way (a key that is an array index, which objects always list first; a
 * value JSON.stringify writes otherwise: functions, symbols, boxed primitives, `toJSON`) is
 * written by `canonicalJsonByHand`, the definition.
 */
export function canonicalJson(value: unknown): string {
  const ordered = inKeyOrder(value);
  if (ordered === UNORDERABLE) return canonicalJsonByHand(value);
  const text = JSON.stringify(ordered) as string | undefined;
  return text === undefined ? 'null' : text;
}

/** The canonical JSON of a value, for its hash, and the text to store it as. */
export interface CanonicalAndStoredJson {
  canonical: string;
  /** What `JSON.stringify(value)` means (undefined where it writes nothing), keys aside. */
  stored: string | undefined;
}

/**
 * Both texts of a value from one serialization where the fast path applies: the canonical
 * text is then `JSON.stringify` of the value itself, keys aside, so it is also the text to
 * store (jsonb keeps no key order). The store writes each event's data this way once, for
 * the hash and the row, instead of twice.
 */
export function canonicalAndStoredJson(value: unknown): CanonicalAndStoredJson {
  const ordered = inKeyOrder(value);
  if (ordered === UNORDERABLE) {
    return {
      canonical: canonicalJsonByHand(value),
      stored: JSON.stringify(value) as string | undefined,
    };
  }
  const text = JSON.stringify(ordered) as string | undefined;
  return { canonical: text === undefined ? 'null' : text, stored: text };
}

/** The definition of canonical JSON, written member by member. */
export function canonicalJsonByHand(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    const text = JSON.stringify(value);
    return text === undefined ? 'null' : text;
  }
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(canonicalJsonByHand).join(',')}]`;
  const entries = Object.keys(value as Record<string, unknown>)
    .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
    .sort()
    .map(
      (k) => `${JSON.stringify(k)}:${canonicalJsonByHand((value as Record<string, unknown>)[k])}`,
    );
  return `{${entries.join(',')}}`;
}

const UNORDERABLE = Symbol('unorderable');
const ARRAY_INDEX = /^(?:0|[1-9][0-9]*)$/;

/** The value itself when every object in it lists its keys sorted, else a copy that does. */
function inKeyOrder(value: unknown): unknown {
  if (value === null || typeof value !== 'object' || value instanceof Date) return value;
  if (value instanceof String || value instanceof Number || value instanceof Boolean)
    return UNORDERABLE;
  if (Array.isArray(value)) {
    let copy: unknown[] | null = null;
    for (let i = 0; i < value.length; i += 1) {
      const item: unknown = value[i];
      const t = typeof item;
      if (t === 'function' || t === 'symbol') continue; // null in both texts
      const ordered = inKeyOrder(item);
      if (ordered === UNORDERABLE) return UNORDERABLE;
      if (ordered !== item) {
        copy ??= value.slice();
        copy[i] = ordered;
      }
    }
    return copy ?? value;
  }
  const record = value as Record<string, unknown>;
  if (typeof record.toJSON === 'function') return UNORDERABLE;
  const keys = Object.keys(record);
  let sorted = true;
  let previous: string | undefined;
  for (const key of keys) {
    if (previous !== undefined && previous > key) {
      sorted = false;
      keys.sort();
      break;
    }
    previous = key;
  }
  let changed = !sorted;
  const members: unknown[] = new Array(keys.length);
  let i = 0;
  for (const key of keys) {
    const member = record[key];
    const t = typeof member;
    if (t === 'function' || t === 'symbol') return UNORDERABLE;
    const ordered = inKeyOrder(member);
    if (ordered === UNORDERABLE) return UNORDERABLE;
    if (ordered !== member) changed = true;
    members[i++] = ordered;
  }
  if (!changed) return value;
  // A copy lists array-index keys first whatever the insertion order: leave those to the definition.
  if (!sorted && keys.some((k) => ARRAY_INDEX.test(k))) return UNORDERABLE;
  // A plain object: V8 keeps it in fast mode, which JSON.stringify writes about twice as fast
  // as a dictionary-mode object without prototype. Only a `__proto__` key needs no prototype
  // (on a plain object it would set the prototype; JSON.parse makes it an ordinary member).
  const copy = (keys.includes('__proto__') ? Object.create(null) : {}) as Record<string, unknown>;
  keys.forEach((key, at) => {
    if (members[at] !== undefined) copy[key] = members[at];
  });
  return copy;
}
