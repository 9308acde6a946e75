import { randomUUID } from 'node:crypto';
import {
  eventStoreMigrations,
  PostgresEventStore,
  poolOf,
  serviceDataSource,
  START,
} from '@bulwark/event-store';
import { EventRelay, Namespace, toCloudEvent } from '@bulwark/messaging';
import type { JetStreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
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
 * (what `start()` does while there is a backlog), timed from the first event to the last of
 * each slice, checkpoints included. The first slice also takes the lease and reconciles with
 * the stream. Slices continue where the previous one stopped: a batch a slice sent ahead (the
 * relay keeps up to two in flight) counts in the slice that gets its acks.
 */
export class RelayRun {
  private readonly relay: EventRelay;
  private published = 0;

  constructor(
    source: RelaySource,
    nc: NatsConnection,
    private readonly jsm: JetStreamManager,
    ns: Namespace,
    context: string,
    batchSize: number | undefined,
  ) {
    // Given the connection, as every service's Outbox gives it: the relay publishes through
    // its StreamPublisher (one reply subscription for all acks), not one js.publish per event.
    this.relay = new EventRelay({
      store: source.store,
      nc,
      jsm,
      ns,
      context,
      // Unset means the library's default: leave the option out rather than pass undefined.
      ...(batchSize === undefined ? {} : { batchSize }),
    });
  }

  /** Publishes at least `count` more events (whole batches). */
  publish(count: number): Promise<Rate> {
    const target = this.published + count;
    return timed(async () => {
      const from = this.published;
      while (this.published < target) {
        const n = await this.relay.publishBatch();
        if (n === 0) throw new Error(`relay stalled after ${this.published} events`);
        this.published += n;
      }
      return this.published - from;
    });
  }

  /** Checks the stream holds every event published, once, then gives up the lease. */
  async stop(): Promise<void> {
    try {
      // A batch the last slice sent ahead may still be in flight: count it too.
      for (let n = await this.relay.publishBatch(); n > 0; n = await this.relay.publishBatch()) {
        this.published += n;
      }
      const info = await this.jsm.streams.info(this.relay.stream);
      if (info.state.messages !== this.published) {
        throw new Error(
          `stream ${this.relay.stream} holds ${info.state.messages}, relay published ${this.published}`,
        );
      }
    } finally {
      await this.relay.stop();
    }
  }
}
