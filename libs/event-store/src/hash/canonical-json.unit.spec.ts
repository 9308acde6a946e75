import { jsonValues } from '@bulwark/testing';
import { canonicalAndStoredJson, canonicalJson, canonicalJsonByHand } from './canonical-json';

/*
 * canonicalJson takes a fast path (sort a copy, let JSON.stringify write it); the definition
 * writes member by member. They must give the same text for every value, since the hash chain
 * of every stream depends on it.
 */
describe('canonicalJson', () => {
  const value = jsonValues(7);

  it('sorts keys at every depth and leaves out whitespace and undefined members', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { z: 1, y: undefined }], c: null } })).toBe(
      '{"a":{"c":null,"d":[2,{"z":1}]},"b":1}',
    );
  });

  it('writes what the definition writes, for parsed JSON of every shape', () => {
    for (let i = 0; i < 3000; i += 1) {
      const v = value();
      expect(canonicalJson(v)).toBe(canonicalJsonByHand(v));
    }
  });

  it('writes what the definition writes for values JSON.parse never makes', () => {
    const odd: unknown[] = [
      undefined,
      { b: 1, a: undefined, c: () => 1 },
      [undefined, () => 1, Symbol('s')],
      { d: new Date(Date.UTC(2020, 1, 3)), a: [new Date(0)] },
      { toJSON: () => 'x', a: 1 },
      { b: new String('s'), a: new Number(1) },
      { 10: 'x', 9: 'y', b: { z: 1, a: 2 } },
      new Map([['a', 1]]),
    ];
    for (const v of odd) expect(canonicalJson(v)).toBe(canonicalJsonByHand(v));
  });

  it('gives the canonical text and a text to store that means what JSON.stringify writes', () => {
    const odd: unknown[] = [
      undefined,
      () => 1,
      { b: 1, a: undefined, c: () => 1 },
      { d: new Date(Date.UTC(2020, 1, 3)), a: [new Date(0)] },
      { toJSON: () => 'x', a: 1 },
      { b: new String('s'), a: new Number(1) },
      { 10: 'x', 9: 'y', b: { z: 1, a: 2 } },
    ];
    for (let i = 0; i < 3000 + odd.length; i += 1) {
      const v = i < odd.length ? odd[i] : value();
      const { canonical, stored } = canonicalAndStoredJson(v);
      expect(canonical).toBe(canonicalJsonByHand(v));
      const plain = JSON.stringify(v) as string | undefined;
      if (plain === undefined) expect(stored).toBeUndefined();
      else expect(JSON.parse(stored!)).toEqual(JSON.parse(plain));
    }
  });
});
