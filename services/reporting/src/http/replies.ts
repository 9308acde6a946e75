import type { CommandOutcome } from '@bulwark/event-store';
import type { Response } from 'express';

/** A command's answer; a repeated Idempotency-Key is marked so clients can tell. */
export function reply<R>(res: Response, outcome: CommandOutcome<R>): R {
  if (outcome.repeated) res.setHeader('Idempotent-Replayed', 'true');
  return outcome.result;
}
