import type { ReportingEventType } from '@bulwark/contracts';
import type { InDatabaseProjection, RecordedEvent } from '@bulwark/event-store';
import type { PoolClient } from 'pg';

/**
 * A slice's part of reporting's read model: the tables it owns, written from the events it
 * names. The slices share one checkpoint (`ReportingProjection`), so the events are read once
 * per batch, not once per slice.
 */
export interface SliceProjection {
  readonly types: readonly ReportingEventType[];
  /** The batch's events of `types`, in commit order, in the batch's transaction. */
  apply(events: RecordedEvent[], tx: PoolClient): Promise<void>;
  /** Kinds of event written in SQL straight from the `events` rows (see StoreProjection). */
  readonly inDatabase?: InDatabaseProjection;
}
