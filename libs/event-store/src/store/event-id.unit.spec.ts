import { newEventId } from './event-id';

describe('event ids', () => {
  it('are UUIDv7: version 7, RFC variant, the millisecond in the first 48 bits', () => {
    const at = Date.UTC(2026, 10, 23, 9, 30);
    const id = newEventId(at);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(parseInt(id.replace(/-/g, '').slice(0, 12), 16)).toBe(at);
  });

  it('sort by the millisecond they were made in, and never repeat', () => {
    const ids = Array.from({ length: 5000 }, (_, i) => newEventId(1_700_000_000_000 + i));
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
    const sameMs = Array.from({ length: 5000 }, () => newEventId(1_700_000_000_000));
    expect(new Set(sameMs).size).toBe(sameMs.length);
  });
});
