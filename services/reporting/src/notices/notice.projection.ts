import type { ReportingEvent } from '@bulwark/contracts';
import type { RecordedEvent } from '@bulwark/event-store';
import type { PoolClient } from 'pg';
import { EventByEventProjection } from '../slice-projection';

/** Notices and their acknowledgements, idempotent: a replay changes nothing. */
export class NoticeProjection extends EventByEventProjection {
  readonly types = ['NoticePublished', 'NoticeAcknowledged'] as const;

  protected async applyEvent(event: ReportingEvent, recorded: RecordedEvent, tx: PoolClient) {
    const at = recorded.occurredAt;
    switch (event.type) {
      case 'NoticePublished': {
        const d = event.data;
        await tx.query(
          `INSERT INTO notices (notice_id, title, body, audience, published_by, published_at)
           VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING`,
          [d.noticeId, d.title, d.body, JSON.stringify(d.audience), d.publishedBy, at],
        );
        return;
      }
      case 'NoticeAcknowledged':
        await tx.query(
          `INSERT INTO notice_acknowledgements (notice_id, student_number, acknowledged_at)
           VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
          [event.data.noticeId, event.data.studentNumber, at],
        );
        return;
      default:
        return; // another slice's event
    }
  }
}
