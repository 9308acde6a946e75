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
  return eventHashOfJson(prevHash, e, {
    data: canonicalJson(e.data),
    metadata: canonicalJson(e.metadata),
    occurredAt: JSON.stringify(e.occurredAt.toISOString()),
  });
}

/** Canonical JSON of the event's members that the store writes once and shares (see eventHashOfJson). */
export interface CanonicalMembers {
  data: string;
  metadata: string;
  /** `JSON.stringify(occurredAt.toISOString())`. */
  occurredAt: string;
}

/**
 * eventHash, given the canonical JSON of data, metadata and occurredAt already written: the
 * store writes data once for the hash and the row, and metadata and the time once per
 * append. The text hashed is exactly `canonicalJson` of the event's fields: the members in
 * sorted key order, each member's canonical JSON, undefined members left out.
 */
export function eventHashOfJson(prevHash: string, e: HashedFields, json: CanonicalMembers): string {
  let text = member('{', 'data', e.data, json.data);
  text = member(text, 'eventId', e.eventId, canonicalJson(e.eventId));
  text = member(text, 'metadata', e.metadata, json.metadata);
  text = member(text, 'occurredAt', e.occurredAt, json.occurredAt);
  text = member(text, 'schemaVersion', e.schemaVersion, canonicalJson(e.schemaVersion));
  text = member(text, 'streamId', e.streamId, canonicalJson(e.streamId));
  text = member(text, 'streamVersion', e.streamVersion, canonicalJson(e.streamVersion));
  text = member(text, 'type', e.type, canonicalJson(e.type));
  // One-shot hash: no Hash object per event (every append hashes every event it writes).
  return hash('sha256', `${prevHash}${text}}`, 'hex');
}

/** `text` (an object's text so far) with one more member, unless its value is undefined. */
function member(text: string, key: string, value: unknown, valueJson: string): string {
  if (value === undefined) return text;
  return `${text}${text.length > 1 ? ',' : ''}"${key}":${valueJson}`;
}
