import type { RecordedEvent } from '../types';
import { UnitOfWork } from './unit-of-work';

const event = (streamId: string, streamVersion: number): RecordedEvent => ({
  globalPosition: BigInt(streamVersion),
  transactionId: 1n,
  eventId: `${streamId}-${streamVersion}`,
  streamId,
  streamVersion,
  type: 'Happened',
  schemaVersion: 1,
  data: { n: streamVersion },
  metadata: { correlationId: 'c', causationId: null, actor: 'a', commandId: null },
  occurredAt: new Date(0),
  prevHash: '0'.repeat(64),
  hash: '1'.repeat(64),
});

describe('UnitOfWork.preload', () => {
  it('takes a history read elsewhere as the attempt’s read: no read of its own, appends allowed', async () => {
    const reads: string[][] = [];
    const uow = new UnitOfWork(async (ids) => {
      reads.push(ids);
      return new Map(ids.map((id) => [id, []]));
    });
    uow.preload('s-1', [event('s-1', 1), event('s-1', 2)]);
    const folded = await uow.fold('s-1', 0, (n) => n + 1);
    uow.append('s-1', [{ type: 'Happened', data: {} }]);
    expect(folded).toBe(2);
    expect(reads).toEqual([]);
    expect(uow.history('s-1').at(-1)?.streamVersion).toBe(2);
  });

  it('keeps a stream’s first read, and refuses a history that is not the stream’s, in order', async () => {
    const uow = new UnitOfWork(async (ids) => new Map(ids.map((id) => [id, [event(id, 1)]])));
    await uow.load('s-1');
    uow.preload('s-1', []);
    expect(uow.history('s-1')).toHaveLength(1);
    expect(() => uow.preload('s-2', [event('s-3', 1)])).toThrow(/not the stream/);
    expect(() => uow.preload('s-2', [event('s-2', 2)])).toThrow(/not the stream/);
  });
});

describe('UnitOfWork.assumeNew', () => {
  const reader = (reads: string[][]) => async (ids: string[]) => {
    reads.push(ids);
    return new Map(ids.map((id) => [id, [event(id, 1)]]));
  };

  it('on a first attempt takes the stream as empty without reading it', async () => {
    const reads: string[][] = [];
    const uow = new UnitOfWork(reader(reads), true);
    await uow.assumeNew('student-1');
    expect(await uow.fold('student-1', 0, (n) => n + 1)).toBe(0);
    uow.append('student-1', [{ type: 'Enrolled', data: {} }]);
    expect(reads).toEqual([]);
    expect(uow.history('student-1')).toEqual([]); // the append will expect no stream
  });

  it('on a retry reads the stream for real', async () => {
    const reads: string[][] = [];
    const uow = new UnitOfWork(reader(reads), false);
    await uow.assumeNew('student-1');
    expect(reads).toEqual([['student-1']]);
    expect(uow.history('student-1')).toHaveLength(1);
  });
});

describe('UnitOfWork.preloadFrom (a snapshot and the events after it)', () => {
  const snapshot = {
    streamId: 's-1',
    kind: 'count/v1',
    version: 5,
    headHash: 'a'.repeat(64),
    state: { count: 5 },
  };
  const count = { kind: 'count/v1', restore: (s: unknown) => (s as { count: number }).count };
  const noReads = async (): Promise<Map<string, RecordedEvent[]>> => {
    throw new Error('read');
  };

  it('folds from the snapshot on, and the head is the last event after it', async () => {
    const uow = new UnitOfWork(noReads);
    uow.preloadFrom('s-1', { snapshot, events: [event('s-1', 6), event('s-1', 7)] });
    expect(await uow.fold('s-1', 0, (n) => n + 1, count)).toBe(7);
    expect(uow.head('s-1')).toEqual({ version: 7, hash: '1'.repeat(64) });
    expect(() => uow.history('s-1')).toThrow(/read from a snapshot/);
  });

  it('with nothing after the snapshot, the head is the snapshot’s', async () => {
    const uow = new UnitOfWork(noReads);
    uow.preloadFrom('s-1', { snapshot, events: [] });
    expect(await uow.fold('s-1', 0, (n) => n + 1, count)).toBe(5);
    expect(uow.head('s-1')).toEqual({ version: 5, hash: 'a'.repeat(64) });
  });

  it('refuses events that do not follow the snapshot, and a fold without its kind', async () => {
    const uow = new UnitOfWork(noReads);
    expect(() => uow.preloadFrom('s-1', { snapshot, events: [event('s-1', 7)] })).toThrow(
      /right after its snapshot/,
    );
    uow.preloadFrom('s-1', { snapshot, events: [] });
    await expect(uow.fold('s-1', 0, (n) => n + 1)).rejects.toThrow(/snapshot of kind count\/v1/);
    await expect(uow.fold('s-1', 0, (n) => n + 1, { ...count, kind: 'count/v2' })).rejects.toThrow(
      /snapshot of kind count\/v1/,
    );
  });

  it('without a snapshot is a plain preload', async () => {
    const uow = new UnitOfWork(noReads);
    uow.preloadFrom('s-1', { snapshot: null, events: [event('s-1', 1)] });
    expect(uow.history('s-1')).toHaveLength(1);
    expect(uow.head('s-1')).toEqual({ version: 1, hash: '1'.repeat(64) });
  });
});
