/**
 * Arbitrary JSON values as the wire gives them (JSON.parse: own `__proto__` members, repeated
 * keys, array-index keys, awkward strings), from a small deterministic generator: the same
 * values on every run, no dependency. For tests of anything that must treat every JSON shape
 * alike, such as canonical JSON and the hashes built on it.
 */
export function jsonValues(seed = 42): (depth?: number) => unknown {
  let state = seed;
  const next = () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state / 2 ** 31;
  };
  // By position, not xs[i]: a list may hold `undefined` itself (the scalars do).
  const pick = <T>(xs: readonly T[]): T => {
    const at = Math.floor(next() * xs.length);
    for (const [i, x] of xs.entries()) if (i === at) return x;
    throw new Error('nothing to pick from');
  };
  const keys = [
    'a',
    'b',
    'Z',
    'zz',
    'studentNumber',
    'é',
    '日本',
    '0',
    '1',
    '10',
    '9',
    '__proto__',
    'a b',
    '"q"',
    'x\\y',
    'toJSON',
  ];
  const scalars = [
    null,
    true,
    false,
    0,
    -0,
    1.5,
    1e21,
    -7,
    '',
    'text',
    'a\u0000b',
    '\u2028',
    '"',
    undefined,
  ];
  const value = (depth = 0): unknown => {
    const r = next();
    if (depth > 3 || r < 0.4) return pick(scalars);
    if (r < 0.6) return Array.from({ length: Math.floor(next() * 4) }, () => value(depth + 1));
    const text = `{${Array.from(
      { length: Math.floor(next() * 6) },
      () => `${JSON.stringify(pick(keys))}:${JSON.stringify(value(depth + 1)) ?? 'null'}`,
    ).join(',')}}`;
    return JSON.parse(text);
  };
  return value;
}
