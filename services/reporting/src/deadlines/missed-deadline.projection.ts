import type { ReportingEvent } from '@bulwark/contracts';
import type { RecordedEvent } from '@bulwark/event-store';
import type { PoolClient } from 'pg';
import { ensureCollegeReport } from '../report-chain/report-chain.projection';
import { EventByEventProjection } from '../slice-projection';

/** Missed deadlines, once each; a miss opens the college's report row of the day if nothing has yet. */
export class MissedDeadlineProjection extends EventByEventProjection {
  readonly types = ['DeadlineMissed'] as const;

  protected async applyEvent(event: ReportingEvent, recorded: RecordedEvent, tx: PoolClient) {
    const at = recorded.occurredAt;
    switch (event.type) {
      case 'DeadlineMissed': {
        const d = event.data;
        await ensureCollegeReport(tx, d.day, d.collegeCode);
        await tx.query(
          `INSERT INTO missed_deadlines (day, step, unit_code, college_code, deadline, recorded_at)
           VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING`,
          [d.day, d.step, d.unitCode, d.collegeCode, d.deadline, at],
        );
        return;
      }
      default:
        return; // another slice's event
    }
  }
}
