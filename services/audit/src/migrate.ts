// The explicit migration command: `node services/audit/dist/migrate.js`. Runs the migrations,
// creates the JetStream streams (its own and those it audits, so it may start first) and
// builds any view that has no live version yet.
import { poolOf, serviceDataSource } from '@bulwark/event-store';
import { ensureContextStream } from '@bulwark/messaging';
import { migrateService, runtimeMigrations } from '@bulwark/runtime';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { auditRuntime } from './audit.module';
import { auditConfigFromEnv } from './config';
import { ViewVersions } from './replay/view-versions';

async function main(): Promise<void> {
  const config = auditConfigFromEnv();
  const runtime = auditRuntime();
  const ran = await migrateService(runtime, config);
  const nc = await connect({ servers: config.natsUrl });
  try {
    const jsm = await jetstreamManager(nc);
    for (const context of config.contexts)
      await ensureContextStream(jsm, { prefix: config.natsPrefix }, context, {
        replicas: config.streamReplicas,
      });
  } finally {
    await nc.drain();
  }
  const ds = await serviceDataSource({
    url: config.databaseUrl,
    migrations: runtimeMigrations(runtime),
  }).initialize();
  try {
    const built = await new ViewVersions(poolOf(ds)).ensureLive('audit-migrate');
    for (const b of built) console.log(`audit: built ${b.view} v${b.toVersion} (${b.rows} rows)`);
  } finally {
    await ds.destroy();
  }
  console.log(ran.length ? `audit: ran ${ran.join(', ')}` : 'audit: database up to date');
}

void main().catch((error) => {
  console.error(error);
  process.exit(1);
});
