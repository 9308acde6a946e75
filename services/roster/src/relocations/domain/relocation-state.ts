import type { RoomMove, RoomPurpose } from '@bulwark/contracts';

/** Stream `relocation-<id>` before its only event. */
export interface NoRelocation {
  readonly status: 'none';
  readonly relocationId: string;
}

/** A relocation happens once, all at once; its stream then holds the record of it. */
export interface CompletedRelocation {
  readonly status: 'completed';
  readonly relocationId: string;
  readonly reason: string;
  readonly freedFor: RoomPurpose;
  readonly moves: readonly RoomMove[];
}

export type RelocationState = NoRelocation | CompletedRelocation;

export function initialRelocationState(relocationId: string): RelocationState {
  return { status: 'none', relocationId };
}
