import { eventHash, GENESIS_HASH } from '@bulwark/event-store';
import { jsonValues } from '@bulwark/testing';
import type { BulwarkCloudEvent } from '@bulwark/messaging';
import { checkStreamLink, globalLink, recomputeEventHash } from './chains';
import { present } from '../test-support/present';

/** Envelopes of one stream, hashed the way a service's store hashes them. */
function stream(n: number): BulwarkCloudEvent[] {
  const out: BulwarkCloudEvent[] = [];
  let prev = GENESIS_HASH;
  for (let v = 1; v <= n; v += 1) {
    const id = `00000000-0000-4000-8000-${String(v).padStart(12, '0')}`;
    const time = new Date(Date.UTC(2020, 1, 3, 2, v)).toISOString();
    const data = { studentNumber: 'S1', n: v };
    const metadata = { correlationId: 'c', causationId: null, actor: 'a-1', commandId: null };
    const hash = eventHash(prev, {
      eventId: id,
      streamId: 'student-S1',
      streamVersion: v,
      type: 'CheckInSubmitted',
      schemaVersion: 1,
      data,
      metadata,
      occurredAt: new Date(time),
    });
    out.push({
      specversion: '1.0',
      id,
      source: 'urn:bulwark:reporting',
      type: 'bulwark.reporting.CheckInSubmitted.v1',
      subject: 'student-S1',
      time,
      datacontenttype: 'application/json',
      dataschema: 'urn:bulwark:schema:reporting:CheckInSubmitted:v1',
      data,
      streamversion: v,
      correlationid: 'c',
      causationid: null,
      actor: 'a-1',
      commandid: null,
      prevhash: prev,
      hash,
    });
    prev = hash;
  }
  return out;
}

describe('chains', () => {
  const events = stream(3);
  const e1 = present(events[0], 'version 1');
  const e2 = present(events[1], 'version 2');
  const e3 = present(events[2], 'version 3');

  it('recomputes an event’s own hash from its envelope as its store did', () => {
    expect(recomputeEventHash(e2)).toBe(e2.hash);
  });

  it('accepts an unbroken stream', () => {
    expect(checkStreamLink(null, e1)).toEqual([]);
    expect(checkStreamLink({ version: 1, hash: e1.hash }, e2)).toEqual([]);
  });

  it('names a gap, a repeated version, a broken link and changed content', () => {
    expect(checkStreamLink({ version: 1, hash: e1.hash }, e3).map((b) => b.kind)).toEqual([
      'version-gap',
    ]);
    expect(checkStreamLink({ version: 2, hash: e2.hash }, e2).map((b) => b.kind)).toEqual([
      'version-repeated',
    ]);
    const forged = { ...e2, prevhash: 'f'.repeat(64) };
    expect(checkStreamLink({ version: 1, hash: e1.hash }, forged).map((b) => b.kind)).toEqual([
      'prev-hash-mismatch',
      'hash-mismatch',
    ]);
    const tampered = { ...e2, data: { studentNumber: 'S1', n: 99 } };
    const broken = present(
      checkStreamLink({ version: 1, hash: e1.hash }, tampered)[0],
      'a broken link',
    );
    expect(broken).toMatchObject({ kind: 'hash-mismatch', storedHash: e2.hash });
    expect(broken.computedHash).toBe(recomputeEventHash(tampered));
    expect(broken.computedHash).not.toBe(e2.hash);
  });

  it('links the global chain over position, context, stream sequence and envelope text', () => {
    const raw = JSON.stringify(e1);
    const link = (over: object = {}, prev = GENESIS_HASH) =>
      globalLink(prev, { seq: 1, context: 'reporting', streamSeq: 1, raw, ...over });
    const a = link();
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(link()).toBe(a);
    expect(link({ seq: 2 })).not.toBe(a);
    expect(link({ context: 'meals' })).not.toBe(a);
    expect(link({ streamSeq: 2 })).not.toBe(a);
    expect(link({ raw: raw.replace('"S1"', '"S2"') })).not.toBe(a);
    expect(link({ raw: `${raw} ` })).not.toBe(a);
    expect(link({}, a)).not.toBe(a);
  });
});

describe('recomputeEventHash', () => {
  const value = jsonValues(42);

  it('recomputes the store’s hash for events with data of every shape', () => {
    for (let i = 0; i < 500; i += 1) {
      const data = value(1);
      const fields = {
        eventId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
        streamId: 's-1',
        streamVersion: 1,
        type: 'CheckInSubmitted',
        schemaVersion: 2,
        data,
        metadata: { correlationId: 'c', causationId: null, actor: 'a', commandId: null },
        occurredAt: new Date(Date.UTC(2020, 1, 3, 0, 0, 0, i)),
      };
      const envelope = {
        specversion: '1.0',
        id: fields.eventId,
        source: 'urn:bulwark:reporting',
        type: 'bulwark.reporting.CheckInSubmitted.v2',
        subject: 's-1',
        time: fields.occurredAt.toISOString(),
        datacontenttype: 'application/json',
        dataschema: 'urn:bulwark:schema:reporting:CheckInSubmitted:v2',
        data,
        streamversion: 1,
        correlationid: 'c',
        causationid: null,
        actor: 'a',
        commandid: null,
        prevhash: GENESIS_HASH,
        hash: '',
      } as BulwarkCloudEvent;
      expect(recomputeEventHash(envelope)).toBe(eventHash(GENESIS_HASH, fields));
    }
  });
});
