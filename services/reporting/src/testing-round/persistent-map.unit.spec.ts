import { PersistentMap, stringHash } from './persistent-map';
import { seeded } from './test-support/sample-dorms';

/** Two distinct keys with the same 32-bit hash, found by brute force (birthday bound). */
function collidingKeys(): [string, string] {
  const seen = new Map<number, string>();
  for (let i = 0; ; i += 1) {
    const key = `k${i}`;
    const hash = stringHash(key);
    const other = seen.get(hash);
    if (other !== undefined) return [other, key];
    seen.set(hash, key);
  }
}

describe('PersistentMap', () => {
  it('behaves like a Map under random sets and deletes, and never changes an old version', () => {
    // given a model Map and a persistent map, and snapshots of both along the way
    const random = seeded(7);
    const model = new Map<string, number>();
    let map = PersistentMap.empty<number>();
    const snapshots: [PersistentMap<number>, Map<string, number>][] = [];
    // when 20,000 random operations over 3,000 keys run on both
    for (let op = 0; op < 20_000; op += 1) {
      const key = `key-${Math.floor(random() * 3000)}`;
      if (random() < 0.3) {
        model.delete(key);
        map = map.delete(key);
      } else {
        model.set(key, op);
        map = map.set(key, op);
      }
      if (op % 2000 === 0) snapshots.push([map, new Map(model)]);
    }
    // then they agree, and every snapshot still holds what it held
    expect(map.size).toBe(model.size);
    expect(new Map(map.entries())).toEqual(model);
    for (const [snapshot, expected] of snapshots) {
      expect(snapshot.size).toBe(expected.size);
      expect(new Map(snapshot.entries())).toEqual(expected);
    }
  });

  it('keeps keys whose hashes collide apart', () => {
    const [a, b] = collidingKeys();
    expect(stringHash(a)).toBe(stringHash(b));
    const both = PersistentMap.empty<string>().set(a, 'A').set(b, 'B').set('other', 'O');
    expect([both.get(a), both.get(b), both.size]).toEqual(['A', 'B', 3]);
    const updated = both.set(b, 'B2');
    expect([updated.get(a), updated.get(b), updated.size, both.get(b)]).toEqual([
      'A',
      'B2',
      3,
      'B',
    ]);
    const withoutA = both.delete(a);
    expect([withoutA.get(a), withoutA.get(b), withoutA.size]).toEqual([undefined, 'B', 2]);
    expect(withoutA.delete(b).delete('other').size).toBe(0);
  });

  it('answers has() for a key holding undefined, and deleting a missing key is a no-op', () => {
    const map = PersistentMap.empty<number | undefined>().set('x', undefined);
    expect(map.has('x')).toBe(true);
    expect(map.has('y')).toBe(false);
    expect(map.delete('y')).toBe(map);
    expect(
      PersistentMap.of([['a', 1]])
        .update('a', (n = 0) => n + 1)
        .get('a'),
    ).toBe(2);
  });

  it('sets 100,000 keys one by one', () => {
    let map = PersistentMap.empty<number>();
    for (let i = 0; i < 100_000; i += 1) map = map.set(`2020${i}`, i);
    expect(map.size).toBe(100_000);
    expect(map.get('202099999')).toBe(99_999);
  });
});
