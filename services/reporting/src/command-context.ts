import type { CommandContext } from '@bulwark/event-store';

/** A command's context; the client's Idempotency-Key only when it sent one. */
export function commandContext(
  actor: string,
  occurredAt: Date,
  commandId?: string,
): CommandContext {
  return commandId === undefined ? { actor, occurredAt } : { actor, commandId, occurredAt };
}

/** The first event of a decision that always decides one (its own event, when it accepts). */
export function firstDecided<E>(events: readonly E[], command: string): E {
  const [first] = events;
  if (first === undefined) throw new Error(`${command} decided no event`);
  return first;
}
