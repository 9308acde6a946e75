import { isUtf8 } from 'node:buffer';
import { arrayLiteral, copyText } from './copy-in';
import { recomputeEventHash } from './chains';
import { LogFields, logFieldsOf, readEnvelope, UnreadableEnvelope } from './log-entry';

/** A message as it came off a context's stream. */
export interface ArrivedMessage {
  streamSeq: number;
  data: Uint8Array;
}

/** A message that could not be read as an event: it becomes an integrity incident. */
export interface UnreadableMessage {
  streamSeq: number;
  detail: string;
}

/**
 * Messages read and hashed, ready to be linked into the log: the costly part of ingestion
 * (parsing, recomputing each event's own hash, writing its log row), which needs no database
 * state and is done while the previous batch's transaction runs.
 *
 * Kept in columns, not as an object per message: a batch waits long enough for the garbage
 * collector to copy every object it holds, twice (it survives two collections of the young
 * generation), and that copying was a tenth of the ingesting process's time. So the rows are
 * bytes, the numbers typed arrays, and only the four strings linking compares stay strings.
 */
export class PreparedMessages {
  /**
   * The readable messages' log rows, back to back, in COPY text format: each row's
   * LOG_ROW_COLUMNS, then PLACE_LENGTH bytes left for its place in the log (see writePlace).
   */
  readonly rows: Buffer;
  /** Message i's row is `rows[rowStart[i], rowStart[i + 1])`. */
  readonly rowStart: Int32Array;
  /** Message i's envelope as the row holds it (COPY text) is `rows[envelopeStart[i], envelopeEnd[i])`. */
  readonly envelopeStart: Int32Array;
  readonly envelopeEnd: Int32Array;
  readonly streamSeq: Float64Array;
  readonly streamVersion: Float64Array;
  readonly eventId: string[] = [];
  readonly streamId: string[] = [];
  readonly prevHash: string[] = [];
  readonly hash: string[] = [];
  /** The recomputed hash of each message whose stored hash differs from it. */
  readonly computedHashes = new Map<number, string>();
  /** The envelope's own bytes where COPY text had to escape them in the row. */
  readonly unescaped = new Map<number, Buffer>();
  readonly unreadable: UnreadableMessage[] = [];

  constructor(size: number, count: number) {
    this.rows = Buffer.allocUnsafe(size);
    this.rowStart = new Int32Array(count + 1);
    this.envelopeStart = new Int32Array(count);
    this.envelopeEnd = new Int32Array(count);
    this.streamSeq = new Float64Array(count);
    this.streamVersion = new Float64Array(count);
  }

  /** Readable messages. */
  get length(): number {
    return this.eventId.length;
  }

  /** Message i's row. */
  row(i: number): Buffer {
    return this.rows.subarray(this.rowStartOf(i), this.rowStartOf(i + 1));
  }

  /** Where message i's row starts in `rows` (i = length: where the last one ends). */
  rowStartOf(i: number): number {
    return cell(this.rowStart, i);
  }

  /** Message i's envelope as the log keeps it, UTF-8: what the global chain hashes. */
  envelope(i: number): Buffer {
    return (
      this.unescaped.get(i) ??
      this.rows.subarray(cell(this.envelopeStart, i), cell(this.envelopeEnd, i))
    );
  }

  streamSeqOf(i: number): number {
    return cell(this.streamSeq, i);
  }

  streamVersionOf(i: number): number {
    return cell(this.streamVersion, i);
  }

  eventIdOf(i: number): string {
    return cell(this.eventId, i);
  }

  streamIdOf(i: number): string {
    return cell(this.streamId, i);
  }

  prevHashOf(i: number): string {
    return cell(this.prevHash, i);
  }

  hashOf(i: number): string {
    return cell(this.hash, i);
  }

  /** Message i's hash recomputed from its content. */
  computedHash(i: number): string {
    return this.computedHashes.get(i) ?? this.hashOf(i);
  }
}

/** Message i's value in a column: an index past the batch is a bug, never a value. */
function cell<T>(column: { readonly [i: number]: T; readonly length: number }, i: number): T {
  const value = column[i];
  if (value === undefined) throw new RangeError(`no message ${i} in a column of ${column.length}`);
  return value;
}

/** The log's columns a prepared row holds, in its order: all but its place in the log. */
export const LOG_ROW_COLUMNS = `event_id, context, stream_seq, stream_id, stream_version, type, schema_version,
  occurred_at, actor, correlation_id, student_numbers, unit_codes, envelope, prev_hash, hash`;

/** The columns of a row's place, in the order writePlace writes them. */
export const LOG_PLACE_COLUMNS = 'chain_prev, chain_hash, seq';

/**
 * The bytes a prepared row leaves for its place: `<chain_prev>\t<chain_hash>\t<seq>\n`, the
 * links 64 hex digits each and the position zero-padded to 19 digits (any bigint; PostgreSQL
 * reads the zeros as nothing), so the row can be written before its place is known.
 */
const PLACE_LENGTH = 64 + 1 + 64 + 1 + 19 + 1;

/** Writes message i's place in the log into the bytes its preparation left for it. */
export function writePlace(
  prepared: PreparedMessages,
  i: number,
  seq: number,
  chainPrev: string,
  chainHash: string,
): void {
  const place = `${chainPrev}\t${chainHash}\t${String(seq).padStart(19, '0')}\n`;
  if (place.length !== PLACE_LENGTH)
    throw new Error(`a log place of ${place.length} bytes: ${place}`);
  prepared.rows.write(place, prepared.rowStartOf(i + 1) - PLACE_LENGTH, 'latin1');
}

/** Reads, checks and writes the rows of messages off `context`'s stream. */
export function prepareMessages(context: string, messages: ArrivedMessage[]): PreparedMessages {
  // First each message's parts, then every row written into one buffer: one allocation for
  // the messages, not one each.
  const parts: MessageParts[] = [];
  const unreadable: UnreadableMessage[] = [];
  let size = 0;
  for (const m of messages) {
    const p = readMessage(context, m);
    if ('detail' in p) {
      unreadable.push(p);
      continue;
    }
    parts.push(p);
    size += p.headLength + p.text.length + p.tailLength + PLACE_LENGTH;
  }
  const prepared = new PreparedMessages(size, parts.length);
  prepared.unreadable.push(...unreadable);
  const { rows } = prepared;
  let at = 0;
  for (const [i, p] of parts.entries()) {
    const e = p.entry;
    prepared.rowStart[i] = at;
    at += rows.write(p.head, at);
    prepared.envelopeStart[i] = at;
    at += p.text.copy(rows, at);
    prepared.envelopeEnd[i] = at;
    at += rows.write(p.tail, at);
    at += PLACE_LENGTH;
    prepared.streamSeq[i] = e.streamSeq;
    prepared.streamVersion[i] = e.streamVersion;
    prepared.eventId.push(e.eventId);
    prepared.streamId.push(e.streamId);
    prepared.prevHash.push(e.prevHash);
    prepared.hash.push(e.hash);
    if (p.computedHash !== e.hash) prepared.computedHashes.set(i, p.computedHash);
    if (p.escapedFrom) prepared.unescaped.set(i, p.escapedFrom);
  }
  prepared.rowStart[parts.length] = at;
  return prepared;
}

interface MessageParts {
  entry: LogFields;
  computedHash: string;
  /** The row up to the envelope, and after it, in COPY text format. */
  head: string;
  headLength: number;
  tail: string;
  tailLength: number;
  /** The envelope in COPY text format. */
  text: Buffer;
  /** The envelope's bytes, when `text` had to escape them. */
  escapedFrom: Buffer | null;
}

function readMessage(context: string, m: ArrivedMessage): MessageParts | UnreadableMessage {
  const data = Buffer.from(m.data.buffer, m.data.byteOffset, m.data.byteLength);
  const raw = data.toString('utf8');
  try {
    const envelope = readEnvelope(raw);
    const entry = logFieldsOf(context, m.streamSeq, envelope);
    const computedHash = recomputeEventHash(envelope, entry);
    // The log keeps the text decoded from the message: its bytes, unless they are not UTF-8
    // (decoding replaced what was not). Copied into the row: the message's buffer is the client's.
    const bytes = isUtf8(data) ? data : Buffer.from(raw, 'utf8');
    const escape = needsEscape(bytes);
    const head = rowHead(entry);
    const tail = `\t${copyText(entry.prevHash)}\t${copyText(entry.hash)}\t`;
    return {
      entry,
      computedHash,
      head,
      headLength: Buffer.byteLength(head),
      tail,
      tailLength: Buffer.byteLength(tail),
      text: escape ? Buffer.from(copyText(raw), 'utf8') : bytes,
      escapedFrom: escape ? Buffer.from(bytes) : null,
    };
  } catch (error) {
    if (!(error instanceof UnreadableEnvelope)) throw error;
    return { streamSeq: m.streamSeq, detail: `${error.message}: ${raw.slice(0, 2000)}` };
  }
}

/** A log row's LOG_ROW_COLUMNS up to the envelope, in COPY text format, followed by a tab. */
function rowHead(e: LogFields): string {
  const t = '\t';
  return (
    copyText(e.eventId) +
    t +
    copyText(e.context) +
    t +
    e.streamSeq +
    t +
    copyText(e.streamId) +
    t +
    e.streamVersion +
    t +
    copyText(e.type) +
    t +
    e.schemaVersion +
    t +
    e.occurredAt +
    t +
    copyText(e.actor) +
    t +
    copyText(e.correlationId) +
    t +
    copyText(arrayLiteral(e.studentNumbers)) +
    t +
    copyText(arrayLiteral(e.unitCodes)) +
    t
  );
}

/** Whether text in these bytes must be escaped for COPY: a backslash, newline, return or tab. */
function needsEscape(bytes: Buffer): boolean {
  return (
    bytes.includes(0x5c) || bytes.includes(0x0a) || bytes.includes(0x0d) || bytes.includes(0x09)
  );
}
