/**
 * An immutable map from strings to values (a hash array mapped trie, 32-way): `set` and
 * `delete` return a new map that shares everything but the path to the changed key, in
 * O(log32 n). This is what keeps the round's `evolve` pure and cheap: a round of 50,000
 * students folds tens of thousands of events, and copying a Map of groups or students per
 * event would make the fold quadratic. Iteration order is the keys' hash order: stable for
 * the same keys, but not insertion order (sort where order matters).
 */

const bits = 5;
const width = 1 << bits;
const mask = width - 1;

interface Leaf<V> {
  readonly kind: 'leaf';
  readonly hash: number;
  readonly key: string;
  readonly value: V;
}

/** Keys whose 32-bit hashes are equal. */
interface Collision<V> {
  readonly kind: 'collision';
  readonly hash: number;
  readonly leaves: readonly Leaf<V>[];
}

interface Branch<V> {
  readonly kind: 'branch';
  readonly slots: readonly (Node<V> | undefined)[];
}

type Node<V> = Leaf<V> | Collision<V> | Branch<V>;

/** FNV-1a over UTF-16 code units (exported for tests). */
export function stringHash(key: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i += 1) {
    hash ^= key.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

const slotOf = (hash: number, shift: number): number => (hash >>> shift) & mask;

/** A branch holding two nodes of different hashes, split at the first level they differ. */
function split<V>(a: Leaf<V> | Collision<V>, b: Leaf<V>, shift: number): Branch<V> {
  // Filled, not holey: V8 copies and indexes packed arrays faster.
  const slots: (Node<V> | undefined)[] = new Array(width).fill(undefined);
  const ia = slotOf(a.hash, shift);
  const ib = slotOf(b.hash, shift);
  if (ia === ib) slots[ia] = split(a, b, shift + bits);
  else {
    slots[ia] = a;
    slots[ib] = b;
  }
  return { kind: 'branch', slots };
}

function withSlot<V>(branch: Branch<V>, index: number, node: Node<V> | undefined): Branch<V> {
  const slots = branch.slots.slice();
  slots[index] = node;
  return { kind: 'branch', slots };
}

/** Set by setIn: whether the key it set was new (saves an allocation per level). */
let keyAdded = false;

/** The node with `leaf` set; sets `keyAdded`. */
function setIn<V>(node: Node<V> | undefined, leaf: Leaf<V>, shift: number): Node<V> {
  if (node === undefined) {
    keyAdded = true;
    return leaf;
  }
  switch (node.kind) {
    case 'leaf':
      if (node.key === leaf.key) {
        keyAdded = false;
        return leaf;
      }
      keyAdded = true;
      if (node.hash === leaf.hash)
        return { kind: 'collision', hash: leaf.hash, leaves: [node, leaf] };
      return split(node, leaf, shift);
    case 'collision': {
      if (node.hash !== leaf.hash) {
        keyAdded = true;
        return split(node, leaf, shift);
      }
      const at = node.leaves.findIndex((l) => l.key === leaf.key);
      const leaves = node.leaves.slice();
      if (at >= 0) leaves[at] = leaf;
      else leaves.push(leaf);
      keyAdded = at < 0;
      return { kind: 'collision', hash: node.hash, leaves };
    }
    case 'branch': {
      const index = slotOf(leaf.hash, shift);
      return withSlot(node, index, setIn(node.slots[index], leaf, shift + bits));
    }
  }
}

/** The node without `key`; the same node when the key is absent. */
function deleteIn<V>(
  node: Node<V> | undefined,
  hash: number,
  key: string,
  shift: number,
): Node<V> | undefined {
  if (node === undefined) return undefined;
  switch (node.kind) {
    case 'leaf':
      return node.key === key ? undefined : node;
    case 'collision': {
      if (node.hash !== hash) return node;
      const leaves = node.leaves.filter((l) => l.key !== key);
      if (leaves.length === node.leaves.length) return node;
      return leaves.length === 1 ? leaves[0] : { kind: 'collision', hash, leaves };
    }
    case 'branch': {
      const index = slotOf(hash, shift);
      const before = node.slots[index];
      const after = deleteIn(before, hash, key, shift + bits);
      if (after === before) return node;
      const next = withSlot(node, index, after);
      return next.slots.some((slot) => slot !== undefined) ? next : undefined;
    }
  }
}

function forEachIn<V>(node: Node<V> | undefined, visit: (value: V, key: string) => void): void {
  if (node === undefined) return;
  if (node.kind === 'leaf') visit(node.value, node.key);
  else if (node.kind === 'collision') for (const l of node.leaves) visit(l.value, l.key);
  else for (const slot of node.slots) forEachIn(slot, visit);
}

export class PersistentMap<V> {
  private static readonly none = new PersistentMap<never>(undefined, 0);

  private constructor(
    private readonly root: Node<V> | undefined,
    readonly size: number,
  ) {}

  static empty<V>(): PersistentMap<V> {
    return PersistentMap.none;
  }

  static of<V>(entries: Iterable<readonly [string, V]>): PersistentMap<V> {
    let map = PersistentMap.empty<V>();
    for (const [key, value] of entries) map = map.set(key, value);
    return map;
  }

  private leafOf(key: string): Leaf<V> | undefined {
    const hash = stringHash(key);
    let node = this.root;
    for (let shift = 0; node !== undefined; shift += bits) {
      if (node.kind === 'leaf') return node.key === key ? node : undefined;
      if (node.kind === 'collision') return node.leaves.find((l) => l.key === key);
      node = node.slots[slotOf(hash, shift)];
    }
    return undefined;
  }

  get(key: string): V | undefined {
    return this.leafOf(key)?.value;
  }

  has(key: string): boolean {
    return this.leafOf(key) !== undefined;
  }

  set(key: string, value: V): PersistentMap<V> {
    const root = setIn(this.root, { kind: 'leaf', hash: stringHash(key), key, value }, 0);
    return new PersistentMap(root, keyAdded ? this.size + 1 : this.size);
  }

  delete(key: string): PersistentMap<V> {
    if (!this.has(key)) return this;
    return new PersistentMap(deleteIn(this.root, stringHash(key), key, 0), this.size - 1);
  }

  /** A new map with `update(current)` at `key`; `current` is undefined when absent. */
  update(key: string, update: (current: V | undefined) => V): PersistentMap<V> {
    return this.set(key, update(this.get(key)));
  }

  forEach(visit: (value: V, key: string) => void): void {
    forEachIn(this.root, visit);
  }

  values(): V[] {
    const values: V[] = [];
    this.forEach((value) => values.push(value));
    return values;
  }

  keys(): string[] {
    const keys: string[] = [];
    this.forEach((_value, key) => keys.push(key));
    return keys;
  }

  entries(): [string, V][] {
    const entries: [string, V][] = [];
    this.forEach((value, key) => entries.push([key, value]));
    return entries;
  }
}
