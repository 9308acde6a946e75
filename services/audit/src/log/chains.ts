import { createHash, hash } from 'node:crypto';
import { canonicalJson, GENESIS_HASH } from '@bulwark/event-store';
import type { BulwarkCloudEvent } from '@bulwark/messaging';
import { typeOfCloudEvent } from './log-entry';

export { GENESIS_HASH };

/** What a link of the global chain covers: its place in the log and the envelope as received. */
export interface ChainedFields {
  seq: number;
  context: string;
  streamSeq: number;
  /** The envelope exactly as it arrived (and as the log keeps it): its text, or its UTF-8 bytes. */
  raw: string | Uint8Array;
}

/**
 * The audit log's own chain, in ingest order: sha256(previous link, position, context, stream
 * sequence, envelope text). The log keeps the envelope's text byte for byte, so any later
 * change to an entry, or to its place, breaks its link and every link after it.
 */
export function globalLink(prev: string, entry: ChainedFields): string {
  return createHash('sha256')
    .update(`${prev}\n${entry.seq}\n${entry.context}\n${entry.streamSeq}\n`)
    .update(entry.raw)
    .digest('hex');
}

/**
 * An event's own hash recomputed from its envelope, the way its service's store computed it:
 * sha256(prevhash || canonical JSON of id, stream, version, type, schema version, data,
 * metadata and time), i.e. `eventHash` of `@bulwark/event-store`, byte for byte (tested
 * against it). Written out here because it runs on every event ingested: the fields' order
 * is fixed, so `canonicalJson` copies only the objects of the data that need sorting.
 */
export function recomputeEventHash(
  envelope: BulwarkCloudEvent,
  known?: { type: string; schemaVersion: number; occurredAt: string },
): string {
  let type: string;
  let schemaVersion: number;
  if (known) {
    ({ type, schemaVersion } = known);
  } else {
    const t = typeOfCloudEvent(envelope.type);
    type = t.type;
    schemaVersion = t.version;
  }
  const occurredAt = known?.occurredAt ?? new Date(envelope.time).toISOString();
  // Keys in sorted order, as canonical JSON has them; undefined members are dropped by it.
  const hashed = {
    data: envelope.data,
    eventId: envelope.id,
    metadata: {
      actor: envelope.actor,
      causationId: envelope.causationid ?? null,
      commandId: envelope.commandid ?? null,
      correlationId: envelope.correlationid,
    },
    occurredAt,
    schemaVersion,
    streamId: envelope.subject,
    streamVersion: envelope.streamversion,
    type,
  };
  return hash('sha256', envelope.prevhash + canonicalJson(hashed), 'hex');
}

/** What a stream link is checked on: where the event stands in its stream and its hashes. */
export type LinkFields = Pick<BulwarkCloudEvent, 'subject' | 'streamversion' | 'prevhash' | 'hash'>;

/** The last event of a stream seen so far. */
export interface StreamHead {
  version: number;
  hash: string;
}

export type BreakKind = 'version-gap' | 'version-repeated' | 'prev-hash-mismatch' | 'hash-mismatch';

export interface BrokenLink {
  kind: BreakKind;
  expected: string;
  storedHash: string;
  computedHash: string;
  detail: string;
}

/**
 * Checks one event against the head of its stream: the next version, linked to the head's
 * hash (the genesis hash for version 1), and its own hash recomputed from its content.
 * Returns every break found (none when the link holds).
 */
export function checkStreamLink(
  head: StreamHead | null,
  envelope: BulwarkCloudEvent,
  computed?: string,
): BrokenLink[];
/** The same, with the hash already recomputed: only the envelope's link fields are read. */
export function checkStreamLink(
  head: StreamHead | null,
  envelope: LinkFields,
  computed: string,
): BrokenLink[];
export function checkStreamLink(
  head: StreamHead | null,
  envelope: LinkFields,
  computedHash?: string,
): BrokenLink[] {
  const computed = computedHash ?? recomputeEventHash(envelope as BulwarkCloudEvent);
  const breaks: BrokenLink[] = [];
  const version = envelope.streamversion;
  const expectedVersion = (head?.version ?? 0) + 1;
  const at = `${envelope.subject} v${version}`;
  if (version > expectedVersion) {
    breaks.push({
      kind: 'version-gap',
      expected: String(expectedVersion),
      storedHash: envelope.hash,
      computedHash: '',
      detail: `${at}: expected version ${expectedVersion}, versions ${expectedVersion}..${version - 1} never arrived`,
    });
  } else if (version < expectedVersion) {
    breaks.push({
      kind: 'version-repeated',
      expected: String(expectedVersion),
      storedHash: envelope.hash,
      computedHash: '',
      detail: `${at}: version ${version} arrived again under another event id (the stream is at ${expectedVersion - 1})`,
    });
  } else {
    const expectedPrev = head?.hash ?? GENESIS_HASH;
    if (envelope.prevhash !== expectedPrev) {
      breaks.push({
        kind: 'prev-hash-mismatch',
        expected: expectedPrev,
        storedHash: envelope.prevhash,
        computedHash: expectedPrev,
        detail: `${at}: prevhash ${envelope.prevhash} does not link to the hash ${expectedPrev} of version ${version - 1}`,
      });
    }
  }
  if (computed !== envelope.hash) {
    breaks.push({
      kind: 'hash-mismatch',
      expected: computed,
      storedHash: envelope.hash,
      computedHash: computed,
      detail: `${at}: stored hash ${envelope.hash} but the content hashes to ${computed}`,
    });
  }
  return breaks;
}
