import type { ReportingEvent } from '@bulwark/contracts';
import type { RecordedEvent } from '@bulwark/event-store';
import type { PoolClient } from 'pg';
import { EventByEventProjection } from '../slice-projection';

/** Non-responders of each day and every follow-up, idempotent: a replay changes nothing. */
export class NonResponderProjection extends EventByEventProjection {
  readonly types = ['StudentFlaggedNonResponder', 'FollowUpLogged'] as const;

  protected async applyEvent(event: ReportingEvent, recorded: RecordedEvent, tx: PoolClient) {
    const at = recorded.occurredAt;
    switch (event.type) {
      case 'StudentFlaggedNonResponder': {
        const d = event.data;
        await tx.query(
          `INSERT INTO non_responders (day, student_number, class_code, college_code, deadline, flagged_at)
           VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING`,
          [d.day, d.studentNumber, d.classCode, d.classPath[1], d.deadline, at],
        );
        return;
      }
      case 'FollowUpLogged': {
        const d = event.data;
        const inserted = await tx.query(
          `INSERT INTO follow_ups (day, student_number, attempt, channel, reached, reason, resolution, logged_by, logged_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT DO NOTHING`,
          [
            d.day,
            d.studentNumber,
            d.attempt,
            d.channel,
            d.reached,
            d.reason,
            d.resolution,
            d.loggedBy,
            at,
          ],
        );
        if (inserted.rowCount === 0) return;
        await tx.query(
          `UPDATE non_responders SET follow_ups = follow_ups + 1,
             resolution = coalesce($3, resolution), resolved_at = CASE WHEN $3::text IS NULL THEN resolved_at ELSE $4 END
           WHERE day = $1 AND student_number = $2`,
          [d.day, d.studentNumber, d.resolution, at],
        );
        return;
      }
      default:
        return; // another slice's event
    }
  }
}
