import { JetStreamManager, RetentionPolicy, StorageType } from '@nats-io/jetstream';
import { nanos } from '@nats-io/transport-node';
import { contextWildcard, DEAD_LETTER_CONTEXT, Namespace, streamOf } from './namespace';

export interface StreamSettings {
  /** Replicas: 1 on one machine, 3 on a JetStream cluster. */
  replicas?: number | undefined;
  /** How long JetStream remembers Nats-Msg-Id for de-duplication. */
  duplicateWindowMs?: number;
}

/**
 * Creates (or updates) a context's stream: file storage, history kept, delete and purge
 * denied, so subscribers and auditors can always replay it.
 */
export async function ensureContextStream(
  jsm: JetStreamManager,
  ns: Namespace,
  context: string,
  settings: StreamSettings = {},
): Promise<string> {
  const name = streamOf(ns, context);
  const config = {
    name,
    subjects: [contextWildcard(ns, context)],
    storage: StorageType.File,
    retention: RetentionPolicy.Limits,
    num_replicas: settings.replicas ?? 1,
    deny_delete: true,
    deny_purge: true,
    duplicate_window: nanos(settings.duplicateWindowMs ?? 10 * 60_000),
  };
  try {
    await jsm.streams.info(name);
    await jsm.streams.update(name, config);
  } catch (error) {
    if (!isStreamNotFound(error)) throw error;
    await jsm.streams.add(config);
  }
  return name;
}

export function ensureDeadLetterStream(
  jsm: JetStreamManager,
  ns: Namespace,
  settings: StreamSettings = {},
) {
  return ensureContextStream(jsm, ns, DEAD_LETTER_CONTEXT, settings);
}

function isStreamNotFound(error: unknown): boolean {
  const e = error as { code?: unknown; message?: string; api_error?: { err_code?: number } };
  return (
    e?.api_error?.err_code === 10059 ||
    /stream not found/i.test(e?.message ?? '') ||
    e?.constructor?.name === 'StreamNotFoundError'
  );
}
