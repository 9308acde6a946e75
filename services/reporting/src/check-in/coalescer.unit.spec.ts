import { Coalescer } from './coalescer';

describe('read coalescing', () => {
  it('answers concurrent callers from one fetch per batch, each with its own value', async () => {
    const fetched: string[][] = [];
    const reads = new Coalescer<string, number>(async (keys) => {
      fetched.push(keys);
      return new Map(keys.filter((k) => k !== 'none').map((k) => [k, k.length]));
    });
    const answers = await Promise.all(['a', 'bb', 'a', 'none', 'ccc'].map((k) => reads.load(k)));
    expect(answers).toEqual([1, 2, 1, undefined, 3]);
    expect(fetched).toEqual([['a', 'bb', 'none', 'ccc']]);
  });

  it('keeps at most maxInFlight batches running; the rest ride the next batch', async () => {
    const fetched: number[][] = [];
    let release: () => void = () => undefined;
    const gate = new Promise<void>((r) => (release = r));
    const reads = new Coalescer<number, number>(
      async (keys) => {
        fetched.push(keys);
        if (fetched.length === 1) await gate;
        return new Map(keys.map((k) => [k, k * 10]));
      },
      { maxBatch: 2, maxInFlight: 1 },
    );
    const first = [reads.load(1), reads.load(2), reads.load(3)];
    await new Promise((r) => setImmediate(r));
    const later = [reads.load(4), reads.load(5)];
    release();
    expect(await Promise.all([...first, ...later])).toEqual([10, 20, 30, 40, 50]);
    expect(fetched).toEqual([[1, 2], [3, 4], [5]]);
  });

  it('fails every caller of a batch whose fetch fails, and goes on with the next', async () => {
    let calls = 0;
    const reads = new Coalescer<string, string>(async (keys) => {
      calls += 1;
      if (calls === 1) throw new Error('database hiccup');
      return new Map(keys.map((k) => [k, k]));
    });
    await expect(Promise.all([reads.load('x'), reads.load('y')])).rejects.toThrow(
      'database hiccup',
    );
    expect(await reads.load('z')).toBe('z');
  });
});
