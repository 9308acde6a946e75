import { randomUUID } from 'node:crypto';
import type { StreamHead } from '../store/postgres-event-store';
import { PostgresEventStore } from '../store/postgres-event-store';
import { ConcurrencyError } from '../store/concurrency-error';
import type { EventMetadata, RecordedEvent, StreamAppend } from '../types';
import { Rejection } from '@bulwark/decider';
import { UnitOfWork } from './unit-of-work';

export interface CommandContext {
  /** Who asks: the actor id from the token. */
  actor: string;
  /** The client's Idempotency-Key, if any: a repeat returns the first answer. */
  commandId?: string | undefined;
  correlationId?: string | undefined;
  causationId?: string | undefined;
  occurredAt?: Date | undefined;
}

export interface CommandOutcome<R> {
  result: R;
  /** Events appended by this call; empty for a repeat or a command that changed nothing. */
  events: RecordedEvent[];
  repeated: boolean;
}

const OUTCOME = Symbol.for('bulwark.command-outcome');

function outcome<R>(result: R, events: RecordedEvent[], repeated: boolean): CommandOutcome<R> {
  // Marked so the HTTP edge can tell a command's outcome from other answers (a spread keeps it).
  return { result, events, repeated, [OUTCOME]: true } as CommandOutcome<R>;
}

/** True for what runCommand returned. */
export function isCommandOutcome(value: unknown): value is CommandOutcome<unknown> {
  return typeof value === 'object' && value !== null && OUTCOME in value;
}

/**
 * Runs a command: read the streams it needs, decide, append with the expected versions,
 * and on a version conflict start over on fresh state, a bounded number of times.
 */
export async function runCommand<R>(
  store: PostgresEventStore,
  ctx: CommandContext,
  execute: (uow: UnitOfWork) => Promise<R> | R,
  maxAttempts = 5,
): Promise<CommandOutcome<R>> {
  if (ctx.commandId) {
    const prior = await store.commandResult(ctx.commandId);
    if (prior.found) return outcome(prior.result as R, [], true);
  }
  const metadata: EventMetadata = {
    correlationId: ctx.correlationId ?? ctx.commandId ?? randomUUID(),
    causationId: ctx.causationId ?? null,
    actor: ctx.actor,
    commandId: ctx.commandId ?? null,
  };
  for (let attempt = 1; ; attempt += 1) {
    const uow = new UnitOfWork((ids) => store.readStreams(ids), attempt === 1);
    const result = await execute(uow);
    if (uow.pending.size === 0) return outcome(result, [], false);
    const heads = new Map<string, StreamHead>();
    const appends: StreamAppend[] = [...uow.pending].map(([streamId, events]) => {
      const head = uow.head(streamId);
      if (head) heads.set(streamId, head);
      return { streamId, expectedVersion: head ? head.version : 'no-stream', events };
    });
    try {
      const appended = await store.append(
        appends,
        { metadata, commandId: ctx.commandId, result, occurredAt: ctx.occurredAt },
        heads,
      );
      if (appended.status === 'duplicate-command') {
        return outcome(appended.result as R, [], true);
      }
      return outcome(result, appended.events, false);
    } catch (error) {
      if (!(error instanceof ConcurrencyError)) throw error;
      if (attempt >= maxAttempts) {
        throw Rejection.conflict(
          null,
          `${error.streamId} keeps changing under concurrent writers; try again`,
          {
            streamId: error.streamId,
          },
        );
      }
    }
  }
}
