import { hash } from 'node:crypto';
import { jsonValues } from '@bulwark/testing';
import { canonicalJsonByHand } from './canonical-json';
import { eventHash, GENESIS_HASH, HashedFields } from './event-hash';

/*
 * Every stored chain was hashed with sha256(prevHash || canonical JSON of the event's fields).
 * However the hash is computed, it must stay that value: these are hashes of the first
 * implementation, and the definition written out.
 */
describe('eventHash', () => {
  const enrolled: HashedFields = {
    eventId: '3f2c9a51-7d4e-4b8a-9c1f-2e6d8b0a4c17',
    streamId: 'student-20163000001',
    streamVersion: 1,
    type: 'StudentEnrolled',
    schemaVersion: 1,
    data: {
      studentNumber: '20163000001',
      name: '曹萍',
      classPath: ['uni', 'col-01'],
      halal: false,
      residence: { kind: 'off-campus', city: 'Baoding', riskArea: false },
    },
    metadata: { correlationId: 'c-1', causationId: null, actor: 'bench', commandId: null },
    occurredAt: new Date(Date.UTC(2025, 10, 23, 8, 46, 5, 843)),
  };

  it('gives the hashes stores already hold', () => {
    expect(eventHash(GENESIS_HASH, enrolled)).toBe(
      '46fdbcdaf6ca0e7d2114b62db2794cebd684e4a43e511416002918443f69f5a0',
    );
    expect(
      eventHash('ab'.repeat(32), {
        ...enrolled,
        streamVersion: 2,
        data: { b: [1, { z: null, a: 'x' }], a: undefined, c: new Date(0) },
      }),
    ).toBe('639af7d93b4f80b0728ba94c16c5b8ff2e79ef93f7d0b9d5e0bf6c7e0c513bc4');
    expect(eventHash(GENESIS_HASH, { ...enrolled, data: undefined })).toBe(
      'd2dcb43cef23bae564b2ab5a117e289bf2e5658455c22e189c283b59d0b2495c',
    );
  });

  it('is sha256 of prevHash and the canonical JSON of the fields, for data of every shape', () => {
    const value = jsonValues(11);
    for (let i = 0; i < 2000; i += 1) {
      const e = { ...enrolled, data: value(), metadata: { ...enrolled.metadata, actor: `a${i}` } };
      const { occurredAt, ...rest } = e;
      const definition = canonicalJsonByHand({ ...rest, occurredAt: occurredAt.toISOString() });
      expect(eventHash(GENESIS_HASH, e)).toBe(
        hash('sha256', `${GENESIS_HASH}${definition}`, 'hex'),
      );
    }
  });
});
