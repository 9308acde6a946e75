import type { EventLike } from '@bulwark/decider';
import { asRosterEvent } from '../../roster-events';
import type { StudentState } from './student-state';

/** Folds one event of stream `student-<studentNumber>` into the student. */
export function evolveStudent(state: StudentState, stored: EventLike): StudentState {
  const event = asRosterEvent(stored);
  if (event.type === 'StudentEnrolled') {
    return { status: 'enrolled', ...event.data };
  }
  if (state.status !== 'enrolled') return state;
  switch (event.type) {
    case 'StudentAssignedToRoom':
    case 'StudentReturnedToCampus':
      return {
        ...state,
        residence: {
          kind: 'on-campus',
          roomCode: event.data.roomCode,
          roomPath: event.data.roomPath,
        },
      };
    case 'StudentLeftCampus': {
      const { province, city, riskArea } = event.data;
      return { ...state, residence: { kind: 'off-campus', province, city, riskArea } };
    }
    case 'DietaryNeedRecorded':
      return { ...state, halal: event.data.halal };
    default:
      return state;
  }
}
