import { Injectable } from '@nestjs/common';
import type { RosterEvent } from '@bulwark/contracts';
import type { RecordedEvent, StoreProjection } from '@bulwark/event-store';
import type { PoolClient } from 'pg';

/**
 * Keeps the tables `units` and `unit_staff` from roster's own events, in commit order, in the
 * transaction that moves its checkpoint. Every write is idempotent (insert if absent, set a
 * value), so a rebuild over tables that already hold the units changes nothing.
 */
@Injectable()
export class UnitsProjection implements StoreProjection {
  readonly name = 'roster-units-v1';

  async apply(events: RecordedEvent[], tx: PoolClient): Promise<void> {
    for (const recorded of events) {
      await this.applyOne({ type: recorded.type, data: recorded.data } as RosterEvent, tx);
    }
  }

  private async applyOne(event: RosterEvent, tx: PoolClient): Promise<void> {
    switch (event.type) {
      case 'AcademicUnitCreated':
      case 'ResidentialUnitCreated': {
        const d = event.data;
        await tx.query(
          `INSERT INTO units (code, name, line, level, parent_code, path, bed_capacity)
           VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (code) DO NOTHING`,
          [
            d.code,
            d.name,
            event.type === 'AcademicUnitCreated' ? 'academic' : 'residential',
            d.level,
            d.parentCode,
            d.path,
            event.type === 'ResidentialUnitCreated' ? event.data.bedCapacity : null,
          ],
        );
        return;
      }
      case 'StaffAssignedToUnit': {
        const d = event.data;
        await tx.query(
          `INSERT INTO unit_staff (unit_code, staff_id, staff_name, role) VALUES ($1, $2, $3, $4)
           ON CONFLICT DO NOTHING`,
          [d.unitCode, d.staffId, d.staffName, d.role],
        );
        return;
      }
      case 'StaffUnassignedFromUnit': {
        const d = event.data;
        await tx.query(
          `DELETE FROM unit_staff WHERE unit_code = $1 AND staff_id = $2 AND role = $3`,
          [d.unitCode, d.staffId, d.role],
        );
        return;
      }
      case 'RoomReserved':
        await tx.query(`UPDATE units SET reserved_for = $2 WHERE code = $1`, [
          event.data.roomCode,
          event.data.purpose,
        ]);
        return;
      default:
        // A room's occupancy is read from students.room_code; students are the students
        // projection's; the relocation record lives in the store.
        return;
    }
  }
}
