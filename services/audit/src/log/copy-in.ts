import type { PoolClient } from 'pg';

/** What node-postgres hands a custom query: the connection's protocol writers and its socket. */
interface CopyConnection {
  query(text: string): void;
  endCopyFrom(): void;
  stream: { writable: boolean; cork(): void; uncork(): void; write(chunk: Buffer): boolean };
}

/**
 * `COPY … FROM STDIN` on a node-postgres client, as a custom query object (the protocol hooks
 * node-postgres calls while a query is active), so the audit needs no extra package for it.
 * The rows go out as soon as the server asks for them, written to the connection's socket as
 * they are: node-postgres' own `sendCopyFromChunk` would copy them into a fresh
 * buffer first (a batch is megabytes; fresh memory costs a page fault every 4 KiB). The
 * promise settles when the server is ready for the next statement (an error rejects it, the
 * transaction is then failed). The socket holds on to the rows until they are sent: the
 * caller must not change them before the promise settles.
 */
class CopyIn {
  callback: ((error: Error | null) => void) | undefined;

  constructor(
    readonly text: string,
    private readonly data: readonly Buffer[],
  ) {}

  submit(connection: CopyConnection): void {
    connection.query(this.text);
  }

  handleCopyInResponse(connection: CopyConnection): void {
    const { stream } = connection;
    if (stream.writable) {
      // CopyData messages of at most 1 MiB, so the server parses one while the next arrives:
      // 'd', the message's length (itself included), then that much of the rows.
      const step = 1 << 20;
      stream.cork();
      for (const data of this.data) {
        for (let at = 0; at < data.length; at += step) {
          const chunk = data.subarray(at, at + step);
          const header = Buffer.allocUnsafe(5);
          header[0] = 0x64;
          header.writeUInt32BE(chunk.length + 4, 1);
          stream.write(header);
          stream.write(chunk);
        }
      }
      stream.uncork();
    }
    connection.endCopyFrom();
  }

  handleError(error: Error): void {
    const callback = this.callback;
    this.callback = undefined;
    callback?.(error);
  }

  handleReadyForQuery(): void {
    const callback = this.callback;
    this.callback = undefined;
    callback?.(null);
  }

  // Nothing else comes back from a COPY FROM: no rows, no description.
  handleCommandComplete(): void {}
  handleRowDescription(): void {}
  handleDataRow(): void {}
  handleEmptyQuery(): void {}
  handlePortalSuspended(): void {}
  handleCopyData(): void {}
}

/**
 * Runs `COPY <target> FROM STDIN` with `rows` (COPY text format, whole rows, in the order
 * given; a row may span buffers) on the client.
 */
export function copyIn(client: PoolClient, target: string, rows: readonly Buffer[]): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const query = new CopyIn(`COPY ${target} FROM STDIN`, rows);
    query.callback = (error) => (error ? reject(error) : resolve());
    (client as unknown as { query(q: CopyIn): void }).query(query);
  });
}

/** A value in COPY text format: `\N` for null, backslash and the row/column separators escaped. */
export function copyText(value: string | null): string {
  if (value === null) return '\\N';
  return /[\\\n\r\t]/.test(value) ? value.replace(/[\\\n\r\t]/g, escapeChar) : value;
}

function escapeChar(c: string): string {
  switch (c) {
    case '\\':
      return '\\\\';
    case '\n':
      return '\\n';
    case '\r':
      return '\\r';
    default:
      return '\\t';
  }
}

/** A text[] literal (`{"a","b"}`), each element quoted with its quotes and backslashes escaped. */
export function arrayLiteral(values: readonly string[]): string {
  let out = '{';
  for (const [i, value] of values.entries()) {
    if (i > 0) out += ',';
    out += `"${value.replace(/["\\]/g, '\\$&')}"`;
  }
  return `${out}}`;
}
