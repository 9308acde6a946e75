import { randomUUID } from 'node:crypto';
import {
  eventStoreMigrations,
  PostgresEventStore,
  poolOf,
  serviceDataSource,
  START,
} from '@bulwark/event-store';
import { EventRelay, Namespace, toCloudEvent } from '@bulwark/messaging';
import type { JetStreamClient, JetStreamManager } from '@nats-io/jetstream';
import type { DataSource } from 'typeorm';
import { forEachConcurrent, timed, Rate } from './measure';
import type { RosterWorkload } from './roster-workload';

/**
 * A relay database: its own event store holding `count` StudentEnrolled events (one per
 * student stream, appended through the store in transactions of 100 streams, so hashes,
 * positions and transaction ids are real), ready for the relay to publish from the start.
 */
export class RelaySource {
  private constructor(
    private readonly dataSource: DataSource,
    readonly store: PostgresEventStore,
  ) {}

  static async fill(
    url: string,
    pgPoolSize: number,
    workload: RosterWorkload,
    count: number,
  ): Promise<RelaySource> {
    const dataSource = serviceDataSource({
      url,
      migrations: eventStoreMigrations,
      poolSize: pgPoolSize,
      applicationName: 'bulwark-bench-relay',
    });
    await dataSource.initialize();
    await dataSource.runMigrations({ transaction: 'each' });
    const store = new PostgresEventStore(poolOf(dataSource));
    const students = workload.students;
    if (students.length < count) throw new Error(`only ${students.length} sample students`);
    const chunks = Array.from({ length: Math.ceil(count / 100) }, (_, c) =>
      students.slice(c * 100, Math.min(count, (c + 1) * 100)),
    );
    await forEachConcurrent(chunks, 4, async (chunk) => {
      await store.append(
        chunk.map((s) => ({
          streamId: `student-${s.studentNumber}`,
          expectedVersion: 'no-stream' as const,
          events: [workload.enrolledEvent(s)],
        })),
        {
          metadata: {
            correlationId: randomUUID(),
            causationId: null,
            actor: 'bench',
            commandId: null,
          },
        },
      );
    });
    return new RelaySource(dataSource, store);
  }

  /** The first `n` envelopes exactly as the relay serializes them (for the raw publish). */
  async envelopes(context: string, n: number): Promise<string[]> {
    const events = await this.store.readAll(START, n);
    return events.map((e) => JSON.stringify(toCloudEvent(context, e)));
  }

  close(): Promise<void> {
    return this.dataSource.destroy();
  }
}

/**
 * The relay's publish rate: an EventRelay on an empty context stream, `publishBatch` in a loop
 * (what `start()` does while there is a backlog) from the first event until all `count` are
 * published and checkpointed. Includes taking the lease and reconciling with the stream.
 */
export async function relayRate(
  source: RelaySource,
  js: JetStreamClient,
  jsm: JetStreamManager,
  ns: Namespace,
  context: string,
  count: number,
  batchSize: number | undefined,
): Promise<Rate> {
  const relay = new EventRelay({ store: source.store, js, jsm, ns, context, batchSize });
  try {
    const rate = await timed(async () => {
      let published = 0;
      while (published < count) {
        const n = await relay.publishBatch();
        if (n === 0) throw new Error(`relay stalled after ${published} of ${count}`);
        published += n;
      }
      return published;
    });
    const info = await jsm.streams.info(relay.stream);
    if (info.state.messages !== count) {
      throw new Error(`stream ${relay.stream} holds ${info.state.messages}, expected ${count}`);
    }
    return rate;
  } finally {
    await relay.stop();
  }
}
