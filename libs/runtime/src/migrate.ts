import { serviceDataSource } from '@bulwark/event-store';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import type { ServiceConfig } from './config';
import { runtimeMigrations, type ServiceRuntime } from './runtime-part';

/**
 * The explicit migration command of a service: runs the pending migrations of its parts and
 * its own (`runtimeMigrations`), each in its own transaction, then creates or updates what its
 * parts need on JetStream. Idempotent. Returns the names of the migrations it ran.
 */
export async function migrateService(
  runtime: ServiceRuntime,
  config: ServiceConfig,
): Promise<string[]> {
  const dataSource = await serviceDataSource({
    url: config.databaseUrl,
    migrations: runtimeMigrations(runtime),
  }).initialize();
  try {
    const ran = await dataSource.runMigrations({ transaction: 'each' });
    const nc = await connect({ servers: config.natsUrl });
    try {
      const jsm = await jetstreamManager(nc);
      for (const part of runtime.parts) await part.ensureStreams?.(jsm, runtime.context, config);
    } finally {
      await nc.drain();
    }
    return ran.map((m) => m.name);
  } finally {
    await dataSource.destroy();
  }
}
