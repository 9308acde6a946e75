// Crash-test script: runs one relay until the store has nothing left to publish, then exits.
// Tests kill it with BULWARK_CRASH_AT or a plain SIGKILL at a random moment.
import {
  eventStoreMigrations,
  PostgresEventStore,
  poolOf,
  serviceDataSource,
} from '@bulwark/event-store';
import { jetstreamManager } from '@nats-io/jetstream';
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
    nc,
    jsm: await jetstreamManager(nc),
    ns: { prefix: process.env.NATS_PREFIX! },
    context: 'ledger',
    batchSize: Number(process.env.RELAY_BATCH_SIZE ?? 500),
  });
  // Done when the stream holds every committed event (a batch of 0 may only mean that an
  // older transaction elsewhere in the cluster still runs).
  const jsm = await jetstreamManager(nc);
  for (;;) {
    if ((await relay.publishBatch()) > 0) continue;
    const { rows } = await poolOf(dataSource).query('SELECT count(*)::int AS n FROM events');
    if ((await jsm.streams.info(relay.stream)).state.messages === rows[0].n) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  await relay.stop();
  await nc.drain();
  await dataSource.destroy();
}

void main().catch((error) => {
  console.error(error);
  process.exit(1);
});
