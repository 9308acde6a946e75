import { Injectable } from '@nestjs/common';
import type { ReportingEventType } from '@bulwark/contracts';
import type { InDatabaseProjection, RecordedEvent, StoreProjection } from '@bulwark/event-store';
import type { PoolClient } from 'pg';
import { CheckInProjection } from './check-in/check-in.projection';
import { MissedDeadlineProjection } from './deadlines/missed-deadline.projection';
import { NonResponderProjection } from './non-responders/non-responder.projection';
import { NoticeProjection } from './notices/notice.projection';
import { ReportChainProjection } from './report-chain/report-chain.projection';
import type { SliceProjection } from './slice-projection';

/**
 * Reporting's read model: each slice writes its own tables from its own events, under one
 * checkpoint so a batch is read once. A batch's events go to each slice in commit order; the
 * slices' tables are their own (a missed deadline only opens a college's report row, which
 * any order leaves the same), so one slice's writes never depend on another's in the batch.
 */
@Injectable()
export class ReportingProjection implements StoreProjection {
  /** Unchanged from the single projection it replaces: the checkpoint carries on. */
  readonly name = 'reporting-read-model-v1';

  private readonly checkIns = new CheckInProjection();
  private readonly slices: readonly SliceProjection[] = [
    this.checkIns,
    new NonResponderProjection(),
    new ReportChainProjection(),
    new MissedDeadlineProjection(),
    new NoticeProjection(),
  ];
  private readonly sliceOf = new Map<string, SliceProjection>(
    this.slices.flatMap((slice) =>
      slice.types.map((type): [ReportingEventType, SliceProjection] => [type, slice]),
    ),
  );

  /** Check-ins and abnormal reports, written in SQL from the `events` rows (check-in slice). */
  readonly inDatabase: InDatabaseProjection = this.checkIns.inDatabase;

  async apply(events: RecordedEvent[], tx: PoolClient): Promise<void> {
    const bySlice = new Map<SliceProjection, RecordedEvent[]>();
    for (const recorded of events) {
      const slice = this.sliceOf.get(recorded.type);
      if (!slice) continue;
      const batch = bySlice.get(slice);
      if (batch) batch.push(recorded);
      else bySlice.set(slice, [recorded]);
    }
    for (const [slice, batch] of bySlice) await slice.apply(batch, tx);
  }
}
