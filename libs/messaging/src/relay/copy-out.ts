import type { Connection, Pool, PoolClient } from 'pg';

/**
 * A column of a tuple as PostgreSQL's binary COPY format sends it: the value's bytes in the
 * type's binary form (for text, its UTF-8 bytes), or null. A view of pg's read buffer, which pg
 * reuses: valid only while the callback runs, so copy what must outlive it.
 */
export type CopyField = Buffer | null;

const SIGNATURE = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1');

/**
 * Runs `COPY (<query>) TO STDOUT (FORMAT binary)` and hands each tuple's columns to `onTuple`
 * as they arrive; resolves with the number of tuples.
 *
 * Why not a query: pg decodes every column of a result row into a string, in the binary result
 * format too (it encodes the string back into bytes afterwards). The relay forwards each event's
 * envelope as bytes; decoding and encoding ~1 KB of UTF-8 per event was a third of its CPU.
 * COPY sends the same tuples with no decoding on our side. Its query takes no parameters: the
 * caller writes literals (numbers it made, strings through `escapeLiteral`).
 */
export function copyOut(
  db: Pool | PoolClient,
  query: string,
  onTuple: (fields: CopyField[]) => void,
): Promise<number> {
  return new Promise((resolve, reject) => {
    const copy = new BinaryCopyOut(`COPY (${query}) TO STDOUT (FORMAT binary)`, onTuple);
    // pg runs an object with `submit` as a query of its own; the callback ends it
    void db.query(
      copy as never,
      ((error: Error | null, tuples: number) => (error ? reject(error) : resolve(tuples))) as never,
    );
  });
}

/**
 * The protocol side of one COPY TO STDOUT, in the shape pg's client drives a query (the
 * "Submittable" interface pg-cursor and pg-copy-streams use). PostgreSQL sends one CopyData
 * message per tuple, the first one preceded by the binary format's header, and a last one
 * holding the trailer.
 */
class BinaryCopyOut {
  callback?: (error: Error | null, tuples?: number) => void;
  private headerSeen = false;
  private tuples = 0;
  private failure: Error | null = null;
  private finished = false;

  constructor(
    private readonly text: string,
    private readonly onTuple: (fields: CopyField[]) => void,
  ) {}

  submit(connection: Connection): void {
    connection.query(this.text);
  }

  handleCopyData(message: { chunk: Buffer }): void {
    if (this.failure) return;
    try {
      this.readMessage(message.chunk);
    } catch (error) {
      // PostgreSQL goes on sending; the query fails once it is over
      this.failure = error as Error;
    }
  }

  handleError(error: Error): void {
    this.finish(error);
  }

  handleReadyForQuery(): void {
    this.finish(this.failure);
  }

  // The rest of a query's life means nothing to a COPY.
  handleCommandComplete(): void {}
  handleRowDescription(): void {}
  handleDataRow(): void {}
  handleEmptyQuery(): void {}
  handlePortalSuspended(): void {}
  handleCopyInResponse(): void {}

  private finish(error: Error | null): void {
    if (this.finished) return;
    this.finished = true;
    this.callback?.(error, this.tuples);
  }

  private readMessage(chunk: Buffer): void {
    let at = 0;
    if (!this.headerSeen) {
      if (!chunk.subarray(0, SIGNATURE.length).equals(SIGNATURE)) {
        throw new Error('COPY data does not start with the binary format signature');
      }
      // signature, flags (int32), header extension length (int32) and the extension itself
      at = SIGNATURE.length + 8 + chunk.readInt32BE(SIGNATURE.length + 4);
      this.headerSeen = true;
    }
    while (at < chunk.length) {
      const count = chunk.readInt16BE(at);
      at += 2;
      if (count === -1) return; // the trailer
      const fields = new Array<CopyField>(count);
      for (let i = 0; i < count; i++) {
        const length = chunk.readInt32BE(at);
        at += 4;
        if (length === -1) {
          fields[i] = null;
        } else {
          if (at + length > chunk.length) throw new Error('COPY tuple split across messages');
          fields[i] = chunk.subarray(at, at + length);
          at += length;
        }
      }
      this.tuples += 1;
      this.onTuple(fields);
    }
  }
}
