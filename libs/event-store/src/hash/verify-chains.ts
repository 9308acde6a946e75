import type { Pool } from 'pg';
import { EVENT_COLUMNS, EventRow, toRecordedEvent } from '../store/row';
import { eventHash, GENESIS_HASH } from './event-hash';

export interface BrokenLink {
  streamId: string;
  streamVersion: number;
  eventId: string;
  globalPosition: string;
  reason: 'hash-mismatch' | 'prev-hash-mismatch' | 'version-gap';
  storedHash: string;
  computedHash: string;
}

export interface ChainReport {
  eventsChecked: number;
  streamsChecked: number;
  firstBroken: BrokenLink | null;
}

/**
 * Walks every stream's hash chain (or the given streams') in stream order, recomputing each
 * hash from the stored row, and reports the first broken link.
 */
export async function verifyChains(
  pool: Pool,
  streamIds?: string[],
  pageSize = 5000,
): Promise<ChainReport> {
  let afterStream = '';
  let afterVersion = 0;
  let prevStream: string | null = null;
  let prevHash = GENESIS_HASH;
  let prevVersion = 0;
  let eventsChecked = 0;
  let streamsChecked = 0;
  for (;;) {
    const { rows } = await pool.query<EventRow>(
      `SELECT ${EVENT_COLUMNS} FROM events
        WHERE (stream_id, stream_version) > ($1, $2) ${streamIds ? 'AND stream_id = ANY($4)' : ''}
        ORDER BY stream_id, stream_version LIMIT $3`,
      streamIds
        ? [afterStream, afterVersion, pageSize, streamIds]
        : [afterStream, afterVersion, pageSize],
    );
    for (const row of rows) {
      const e = toRecordedEvent(row);
      if (e.streamId !== prevStream) {
        prevStream = e.streamId;
        prevHash = GENESIS_HASH;
        prevVersion = 0;
        streamsChecked += 1;
      }
      const computed = eventHash(e.prevHash, e);
      const broken = (reason: BrokenLink['reason']): ChainReport => ({
        eventsChecked,
        streamsChecked,
        firstBroken: {
          streamId: e.streamId,
          streamVersion: e.streamVersion,
          eventId: e.eventId,
          globalPosition: e.globalPosition.toString(),
          reason,
          storedHash: e.hash,
          computedHash: reason === 'prev-hash-mismatch' ? eventHash(prevHash, e) : computed,
        },
      });
      if (e.streamVersion !== prevVersion + 1) return broken('version-gap');
      if (e.prevHash !== prevHash) return broken('prev-hash-mismatch');
      if (computed !== e.hash) return broken('hash-mismatch');
      eventsChecked += 1;
      prevHash = e.hash;
      prevVersion = e.streamVersion;
    }
    const last = rows.at(-1);
    if (!last || rows.length < pageSize)
      return { eventsChecked, streamsChecked, firstBroken: null };
    afterStream = last.stream_id;
    afterVersion = last.stream_version;
  }
}
