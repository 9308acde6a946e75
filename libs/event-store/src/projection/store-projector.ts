import type { Pool, PoolClient } from 'pg';
import type { EventKind, RecordedEvent } from '../types';
import {
  compareCheckpoints,
  ensureCheckpoint,
  loadCheckpoint,
  saveCheckpoint,
} from '../store/checkpoints';
import type { PostgresEventStore } from '../store/postgres-event-store';

/** A read model fed from its own service's store, in commit order. */
export interface StoreProjection {
  /** Names the checkpoint; change it to rebuild the read model from scratch. */
  readonly name: string;
  /** Applies a batch inside the transaction that also moves the checkpoint. */
  apply(events: RecordedEvent[], tx: PoolClient): Promise<void>;
  /**
   * Kinds of event the projection writes in SQL from the `events` rows themselves: `apply`
   * never sees them (their data is not read into Node at all); `inDatabase.project` writes
   * a batch's events of those kinds, after `apply`, in the same transaction. For the bulk of
   * a service's events (e.g. check-ins). Only the schema versions named: an event stored at
   * another version goes to `apply`, upcast, as every other event.
   */
  readonly inDatabase?: InDatabaseProjection;
}

export interface InDatabaseProjection {
  readonly kinds: readonly EventKind[];
  /**
   * Writes the events at these global positions (`events.global_position`, all of `kinds`,
   * in commit order): looked up by primary key, so the statement never depends on the
   * planner's guess about a range.
   */
  project(globalPositions: string[], tx: PoolClient): Promise<void>;
}

export interface StoreProjectorOptions {
  batchSize?: number;
  pollMs?: number;
  onError?: (error: unknown) => void;
}

/**
 * Keeps a read model up to date from the store. Each batch is applied and checkpointed in
 * one transaction, with the checkpoint row locked, so replicas never apply an event twice
 * and a crash at any point leaves the model and checkpoint agreeing.
 */
export class StoreProjector {
  private running = false;
  private timer: NodeJS.Timeout | null = null;
  private wakeUp: (() => void) | null = null;
  private loop: Promise<void> | null = null;
  private checkpointReady = false;

  constructor(
    private readonly pool: Pool,
    private readonly store: PostgresEventStore,
    private readonly projection: StoreProjection,
    private readonly options: StoreProjectorOptions = {},
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake();
    await this.loop;
  }

  /** Asks for a pass now (e.g. right after an append) instead of at the next poll. */
  wake(): void {
    this.wakeUp?.();
  }

  /**
   * Returns once every event committed before the call is applied. Events of a transaction
   * become readable only when older transactions in the cluster have ended, so this may wait.
   */
  async catchUp(): Promise<void> {
    const { rows } = await this.pool.query<{ transaction_id: string; global_position: string }>(
      `SELECT transaction_id::text AS transaction_id, global_position FROM events
        ORDER BY events.transaction_id DESC, events.global_position DESC LIMIT 1`,
    );
    const [last] = rows;
    if (!last) return;
    const target = {
      transactionId: BigInt(last.transaction_id),
      globalPosition: BigInt(last.global_position),
    };
    const name = `projection:${this.projection.name}`;
    for (;;) {
      const applied = await this.step();
      if (compareCheckpoints(await loadCheckpoint(this.pool, name), target) >= 0) return;
      if (applied === 0) await new Promise((r) => setTimeout(r, 20));
    }
  }

  private async run(): Promise<void> {
    const batchSize = this.options.batchSize ?? 500;
    while (this.running) {
      let applied = 0;
      try {
        applied = await this.step();
      } catch (error) {
        this.options.onError?.(error);
      }
      if (applied < batchSize && this.running) await this.idle(this.options.pollMs ?? 200);
    }
  }

  private idle(ms: number): Promise<void> {
    return new Promise((resolve) => {
      this.timer = setTimeout(resolve, ms);
      this.wakeUp = () => {
        if (this.timer) clearTimeout(this.timer);
        resolve();
      };
    });
  }

  private async step(): Promise<number> {
    const name = `projection:${this.projection.name}`;
    const client = await this.pool.connect();
    try {
      if (!this.checkpointReady) {
        await ensureCheckpoint(client, name);
        this.checkpointReady = true;
      }
      await client.query('BEGIN');
      const after = await loadCheckpoint(client, name, true);
      const inDatabase = this.projection.inDatabase;
      const { events, skipped, through, count } = await this.store.readAllSkipping(
        after,
        this.options.batchSize ?? 500,
        inDatabase?.kinds ?? [],
        client,
      );
      if (through) {
        if (events.length > 0) await this.projection.apply(events, client);
        if (inDatabase && skipped.length > 0) await inDatabase.project(skipped, client);
        await saveCheckpoint(client, name, through);
      }
      await client.query('COMMIT');
      return count;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }
}
