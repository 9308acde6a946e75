import type { NewEvent } from '@bulwark/decider';

/** What a decider produces; the store adds ids, versions, hashes and metadata. */
export type { NewEvent };

/** Who caused an event and why: stored with every event, carried in the envelope. */
export interface EventMetadata {
  correlationId: string;
  causationId: string | null;
  actor: string;
  commandId: string | null;
}

/** An event as stored. */
export interface RecordedEvent<D = unknown> {
  globalPosition: bigint;
  transactionId: bigint;
  eventId: string;
  streamId: string;
  streamVersion: number;
  type: string;
  schemaVersion: number;
  data: D;
  metadata: EventMetadata;
  occurredAt: Date;
  prevHash: string;
  hash: string;
}

/**
 * Expected version of a stream before an append:
 * - 'no-stream': the stream must not exist yet;
 * - a number: the stream's current version must be exactly this (0 is never used; versions start at 1);
 * - 'any': no check (still chained and ordered).
 */
export type ExpectedVersion = 'no-stream' | 'any' | number;

export interface StreamAppend {
  streamId: string;
  expectedVersion: ExpectedVersion;
  events: NewEvent[];
}

export interface AppendOptions {
  metadata: EventMetadata;
  /** When set, the store keeps `result` under this command id; a repeat returns it and appends nothing. */
  commandId?: string | undefined;
  /** Saved with the command id, returned verbatim to a repeat of the same command. */
  result?: unknown;
  occurredAt?: Date | undefined;
}

export type AppendOutcome =
  | {
      status: 'appended';
      streams: { streamId: string; fromVersion: number; toVersion: number }[];
      events: RecordedEvent[];
    }
  | { status: 'duplicate-command'; result: unknown };

/** A position in commit order: (transaction id, global position). */
export interface Checkpoint {
  transactionId: bigint;
  globalPosition: bigint;
}

/** An event type at one schema version. */
export interface EventKind {
  type: string;
  schemaVersion: number;
}
