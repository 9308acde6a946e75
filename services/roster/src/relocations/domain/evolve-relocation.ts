import type { EventLike } from '@bulwark/decider';
import { asRosterEvent } from '../../roster-events';
import type { RelocationState } from './relocation-state';

/** Folds the event of stream `relocation-<id>`. */
export function evolveRelocation(state: RelocationState, stored: EventLike): RelocationState {
  const event = asRosterEvent(stored);
  if (event.type !== 'RoomsRelocated') return state;
  const { relocationId, reason, freedFor, moves } = event.data;
  return { status: 'completed', relocationId, reason, freedFor, moves };
}
