import { asRosterEvent, type EventLike } from '../events';
import type { RelocationState } from './state';

/** Folds the event of stream `relocation-<id>`. */
export function evolveRelocation(state: RelocationState, stored: EventLike): RelocationState {
  const event = asRosterEvent(stored);
  if (event.type !== 'RoomsRelocated') return state;
  const { relocationId, reason, freedFor, moves } = event.data;
  return { status: 'completed', relocationId, reason, freedFor, moves };
}
