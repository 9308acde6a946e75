import { Injectable } from '@nestjs/common';
import type { RosterEvent } from '@bulwark/contracts';
import type { RecordedEvent, StoreProjection } from '@bulwark/event-store';
import type { PoolClient } from 'pg';

/**
 * Keeps the table `students` from roster's own events, in commit order, in the transaction
 * that moves its checkpoint.
 */
@Injectable()
export class StudentsProjection implements StoreProjection {
  /**
   * The checkpoint of the read model roster had before its projection was split by slice: an
   * existing database carries on where it was (a new name would replay every enrolment into
   * a full table).
   */
  readonly name = 'roster-read-model-v1';

  async apply(events: RecordedEvent[], tx: PoolClient): Promise<void> {
    for (const recorded of events) {
      const event = { type: recorded.type, data: recorded.data } as RosterEvent;
      await this.applyOne(event, recorded.occurredAt, tx);
    }
  }

  private async applyOne(event: RosterEvent, at: Date, tx: PoolClient): Promise<void> {
    switch (event.type) {
      case 'StudentEnrolled': {
        const d = event.data;
        const r = d.residence;
        await tx.query(
          `INSERT INTO students (student_number, name, student_type, class_code, class_path, gender, ethnicity,
             halal, phone, room_code, room_path, province, city, risk_area, updated_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)`,
          [
            d.studentNumber,
            d.name,
            d.studentType,
            d.classCode,
            d.classPath,
            d.gender,
            d.ethnicity,
            d.halal,
            d.phone,
            r.kind === 'on-campus' ? r.roomCode : null,
            r.kind === 'on-campus' ? r.roomPath : null,
            r.kind === 'off-campus' ? r.province : null,
            r.kind === 'off-campus' ? r.city : null,
            r.kind === 'off-campus' ? r.riskArea : false,
            at,
          ],
        );
        return;
      }
      case 'StudentAssignedToRoom':
      case 'StudentReturnedToCampus': {
        const d = event.data;
        await tx.query(
          `UPDATE students SET room_code = $2, room_path = $3, province = NULL, city = NULL, risk_area = false,
             updated_at = $4 WHERE student_number = $1`,
          [d.studentNumber, d.roomCode, d.roomPath, at],
        );
        return;
      }
      case 'StudentLeftCampus': {
        const d = event.data;
        await tx.query(
          `UPDATE students SET room_code = NULL, room_path = NULL, province = $2, city = $3, risk_area = $4,
             updated_at = $5 WHERE student_number = $1`,
          [d.studentNumber, d.province, d.city, d.riskArea, at],
        );
        return;
      }
      case 'DietaryNeedRecorded':
        await tx.query(
          `UPDATE students SET halal = $2, updated_at = $3 WHERE student_number = $1`,
          [event.data.studentNumber, event.data.halal, at],
        );
        return;
      default:
        // Units, staff and reserved rooms are the units projection's; occupancy is read from
        // students.room_code; the relocation record lives in the store.
        return;
    }
  }
}
