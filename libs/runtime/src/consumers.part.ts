import { ensureDeadLetterStream, messagingMigrations } from '@bulwark/messaging';
import type { RuntimePart } from './runtime-part';

/**
 * Consumers of other contexts' events: the inbox table (messaging's migration) that makes each
 * handler run once, and the DEADLETTER stream for poison messages. The consumers themselves
 * start with `startConsumers(app, config, service)`, before `listen`.
 */
export function consumers(): RuntimePart {
  return {
    name: 'consumers',
    migrations: messagingMigrations,
    ensureStreams: (jsm, _context, config) =>
      ensureDeadLetterStream(
        jsm,
        { prefix: config.natsPrefix },
        {
          replicas: config.streamReplicas,
        },
      ).then(() => undefined),
  };
}
