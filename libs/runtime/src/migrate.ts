import { serviceDataSource } from '@bulwark/event-store';
import { ensureContextStream, ensureDeadLetterStream } from '@bulwark/messaging';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import type { ServiceConfig } from './config';

/**
 * The explicit migration command of a service: runs its pending database migrations, each in
 * its own transaction, and creates or updates its JetStream stream. Idempotent.
 */
export async function migrateService(
  context: string,
  config: ServiceConfig,
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations: Function[],
): Promise<string[]> {
  const dataSource = await serviceDataSource({ url: config.databaseUrl, migrations }).initialize();
  try {
    const ran = await dataSource.runMigrations({ transaction: 'each' });
    const nc = await connect({ servers: config.natsUrl });
    try {
      const jsm = await jetstreamManager(nc);
      const settings = { replicas: config.streamReplicas };
      await ensureContextStream(jsm, { prefix: config.natsPrefix }, context, settings);
      await ensureDeadLetterStream(jsm, { prefix: config.natsPrefix }, settings);
    } finally {
      await nc.drain();
    }
    return ran.map((m) => m.name);
  } finally {
    await dataSource.destroy();
  }
}
