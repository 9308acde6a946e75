import type { EventLike } from '@bulwark/decider';
import { asRosterEvent } from '../../roster-events';
import type { RoomOccupancy, UnitState } from './unit-state';

function withOccupancy(
  state: UnitState,
  change: (room: RoomOccupancy) => RoomOccupancy,
): UnitState {
  if (state.status !== 'created' || state.line !== 'residential' || state.room === null)
    return state;
  return { ...state, room: change(state.room) };
}

/** Folds one event of stream `unit-<code>` into the unit. Pure: sets are copied, never mutated. */
export function evolveUnit(state: UnitState, stored: EventLike): UnitState {
  const event = asRosterEvent(stored);
  switch (event.type) {
    case 'AcademicUnitCreated':
      return {
        status: 'created',
        line: 'academic',
        code: event.data.code,
        name: event.data.name,
        level: event.data.level,
        parentCode: event.data.parentCode,
        path: event.data.path,
        staff: [],
      };
    case 'ResidentialUnitCreated':
      return {
        status: 'created',
        line: 'residential',
        code: event.data.code,
        name: event.data.name,
        level: event.data.level,
        parentCode: event.data.parentCode,
        path: event.data.path,
        staff: [],
        room:
          event.data.bedCapacity === null
            ? null
            : {
                capacity: event.data.bedCapacity,
                occupants: new Set(),
                reservedFor: null,
                reservedBy: null,
              },
      };
    case 'StaffAssignedToUnit': {
      if (state.status !== 'created') return state;
      const { staffId, staffName, role } = event.data;
      return { ...state, staff: [...state.staff, { staffId, staffName, role }] };
    }
    case 'StaffUnassignedFromUnit': {
      if (state.status !== 'created') return state;
      const { staffId, role } = event.data;
      return {
        ...state,
        staff: state.staff.filter((s) => !(s.staffId === staffId && s.role === role)),
      };
    }
    case 'BedAllocated': {
      const { studentNumber } = event.data;
      return withOccupancy(state, (room) => ({
        ...room,
        occupants: new Set(room.occupants).add(studentNumber),
      }));
    }
    case 'BedFreed': {
      const { studentNumber } = event.data;
      return withOccupancy(state, (room) => {
        const occupants = new Set(room.occupants);
        occupants.delete(studentNumber);
        return { ...room, occupants };
      });
    }
    case 'RoomReserved': {
      const { purpose, relocationId } = event.data;
      return withOccupancy(state, (room) => ({
        ...room,
        reservedFor: purpose,
        reservedBy: relocationId,
      }));
    }
    default:
      return state;
  }
}
