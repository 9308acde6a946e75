import { hash } from 'node:crypto';
import { canonicalJson } from './canonical-json';
import type { EventMetadata } from '../types';

/** The hash before a stream's first event. */
export const GENESIS_HASH = '0'.repeat(64);

/** What the hash covers: everything about an event except its position in commit order. */
export interface HashedFields {
  eventId: string;
  streamId: string;
  streamVersion: number;
  type: string;
  schemaVersion: number;
  data: unknown;
  metadata: EventMetadata;
  occurredAt: Date;
}

/** hash = sha256(prevHash || canonical JSON of the event), hex. */
export function eventHash(prevHash: string, e: HashedFields): string {
  // One-shot hash: no Hash object per event (every append hashes every event it writes).
  return hash(
    'sha256',
    prevHash +
      // Keys already in canonical (sorted) order: canonicalJson then copies nothing here.
      canonicalJson({
        data: e.data,
        eventId: e.eventId,
        metadata: e.metadata,
        occurredAt: e.occurredAt.toISOString(),
        schemaVersion: e.schemaVersion,
        streamId: e.streamId,
        streamVersion: e.streamVersion,
        type: e.type,
      }),
    'hex',
  );
}
