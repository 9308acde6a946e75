import type { ExpectedVersion } from '../types';

/** A stream moved on between read and append: somebody else wrote first. */
export class ConcurrencyError extends Error {
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedVersion,
    readonly actual: number | null,
  ) {
    super(
      `stream ${streamId}: expected version ${String(expected)}, found ${actual ?? 'no stream'}`,
    );
    this.name = 'ConcurrencyError';
  }
}
