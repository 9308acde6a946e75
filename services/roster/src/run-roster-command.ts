import type { Actor } from '@bulwark/auth';
import {
  runCommand,
  type CommandContext,
  type CommandOutcome,
  type PostgresEventStore,
  type UnitOfWork,
} from '@bulwark/event-store';
import type { RosterDecision } from './roster-events';

/**
 * Runs one roster command for `actor`: `execute` reads the streams it needs, checks the
 * actor's scope, decides (pure) and appends with the versions read. Retries on a concurrent
 * write are in runCommand; a repeat with the same Idempotency-Key returns the first answer.
 */
export function runRosterCommand<R>(
  store: PostgresEventStore,
  actor: Actor,
  commandId: string | undefined,
  execute: (uow: UnitOfWork) => Promise<R>,
): Promise<CommandOutcome<R>> {
  const context: CommandContext =
    commandId === undefined ? { actor: actor.id } : { actor: actor.id, commandId };
  return runCommand<R>(store, context, execute);
}

/** Queues a multi-stream decision on the unit of work: one append per stream, in its order. */
export function appendDecision(uow: UnitOfWork, decision: RosterDecision): void {
  for (const { streamId, events } of decision) uow.append(streamId, events);
}
