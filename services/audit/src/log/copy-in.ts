import type { PoolClient } from 'pg';

/** What node-postgres hands a custom query: the connection's protocol writers. */
interface CopyConnection {
  query(text: string): void;
  sendCopyFromChunk(chunk: Buffer): void;
  endCopyFrom(): void;
}

/**
 * `COPY … FROM STDIN` on a node-postgres client, as a custom query object (the protocol hooks
 * node-postgres calls while a query is active), so the audit needs no extra package for it.
 * The rows are sent whole as soon as the server asks for them; the promise settles when the
 * server is ready for the next statement (an error rejects it, the transaction is then failed).
 */
class CopyIn {
  callback: ((error: Error | null) => void) | undefined;

  constructor(
    readonly text: string,
    private readonly data: Buffer,
  ) {}

  submit(connection: CopyConnection): void {
    connection.query(this.text);
  }

  handleCopyInResponse(connection: CopyConnection): void {
    // Messages of at most 1 MiB: the server takes any size, this keeps each write modest.
    const step = 1 << 20;
    for (let at = 0; at < this.data.length; at += step)
      connection.sendCopyFromChunk(this.data.subarray(at, at + step));
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

/** Runs `COPY <target> FROM STDIN` with `rows` (COPY text format) on the client. */
export function copyIn(client: PoolClient, target: string, rows: Buffer): Promise<void> {
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
  for (let i = 0; i < values.length; i += 1) {
    if (i > 0) out += ',';
    out += `"${values[i].replace(/["\\]/g, '\\$&')}"`;
  }
  return `${out}}`;
}
