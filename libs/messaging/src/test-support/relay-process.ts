// Crash-test script: runs one relay until the store has nothing left to publish, then exits.
// Tests kill it with BULWARK_CRASH_AT or a plain SIGKILL at a random moment.
import {
  eventStoreMigrations,
  PostgresEventStore,
  poolOf,
  serviceDataSource,
} from '@bulwark/event-store';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { EventRelay } from '../relay/event-relay';

async function main(): Promise<void> {
  const dataSource = serviceDataSource({
    url: process.env.DATABASE_URL!,
    migrations: eventStoreMigrations,
  });
  await dataSource.initialize();
  const nc = await connect({ servers: process.env.NATS_URL! });
  const relay = new EventRelay({
    store: new PostgresEventStore(poolOf(dataSource)),
    js: jetstream(nc),
    jsm: await jetstreamManager(nc),
    ns: { prefix: process.env.NATS_PREFIX! },
    context: 'ledger',
    batchSize: Number(process.env.RELAY_BATCH_SIZE ?? 500),
  });
  for (;;) {
    const n = await relay.publishBatch();
    if (n === 0) break;
  }
  await relay.stop();
  await nc.drain();
  await dataSource.destroy();
}

void main().catch((error) => {
  console.error(error);
  process.exit(1);
});
