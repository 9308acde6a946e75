import type { ReportingEvent, ReportingEventType } from '@bulwark/contracts';
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

/** A slice that writes its events one at a time, in commit order, each read as a reporting event. */
export abstract class EventByEventProjection implements SliceProjection {
  abstract readonly types: readonly ReportingEventType[];

  protected abstract applyEvent(
    event: ReportingEvent,
    recorded: RecordedEvent,
    tx: PoolClient,
  ): Promise<void>;

  async apply(events: RecordedEvent[], tx: PoolClient): Promise<void> {
    // The store holds only events that passed their contract: the cast reads, not checks.
    for (const recorded of events) {
      const event = { type: recorded.type, data: recorded.data } as ReportingEvent;
      await this.applyEvent(event, recorded, tx);
    }
  }
}
