import { randomBytes, randomUUID } from 'node:crypto';
import pg from 'pg';
import { closedLoop, Rate } from './measure';

/** The event data and metadata the peer appends: the same StudentEnrolled payloads as ours. */
export interface PeerEventSource {
  data(i: number): Record<string, unknown>;
}

const { types } = pg;
/** pg type ids Emmett's driver (dumbo) re-parses process-wide: int8, jsonb, json. */
const PARSED_TYPES = [20, 3802, 114] as const;

/**
 * The peer: Emmett's PostgreSQL event store (`@event-driven-io/emmett-postgresql`), on its own
 * pg pool of the same size as ours, in the bench database (its tables are `emt_*`). Workload:
 * each writer appends one StudentEnrolled event to a new stream per command, expecting
 * STREAM_DOES_NOT_EXIST; Emmett runs each append as BEGIN; emt_append_to_stream(...); COMMIT.
 *
 * Emmett's driver switches pg's global parsers (int8 to BigInt, jsonb to its own parser) when
 * it opens a pool; `close` puts ours back, and run.ts measures Emmett after everything else.
 */
export class EmmettPeer {
  private next = 0;
  private readonly prefix = `student-e${randomBytes(3).toString('hex')}`;

  private constructor(
    private readonly store: import('@event-driven-io/emmett-postgresql').PostgresEventStore,
    private readonly streamDoesNotExist: import('@event-driven-io/emmett').ExpectedStreamVersion,
    private readonly pool: pg.Pool,
    private readonly parsers: Map<number, unknown>,
    private readonly source: PeerEventSource,
  ) {}

  static async open(url: string, poolSize: number, source: PeerEventSource): Promise<EmmettPeer> {
    const parsers = new Map<number, unknown>(PARSED_TYPES.map((t) => [t, types.getTypeParser(t)]));
    const { getPostgreSQLEventStore } = await import('@event-driven-io/emmett-postgresql');
    const { STREAM_DOES_NOT_EXIST } = await import('@event-driven-io/emmett');
    const pool = new pg.Pool({
      connectionString: url,
      max: poolSize,
      application_name: 'bulwark-bench-emmett',
    });
    const store = getPostgreSQLEventStore(url, {
      connectionOptions: { pool },
      schema: { autoMigration: 'None' },
    });
    await store.schema.migrate();
    return new EmmettPeer(store, STREAM_DOES_NOT_EXIST, pool, parsers, source);
  }

  append(writers: number, seconds: number, warmupSeconds: number): Promise<Rate> {
    return closedLoop(writers, seconds, warmupSeconds, async () => {
      const i = this.next++;
      await this.store.appendToStream(
        `${this.prefix}-${i}`,
        [
          {
            type: 'StudentEnrolled',
            data: this.source.data(i),
            metadata: {
              correlationId: randomUUID(),
              causationId: null,
              actor: 'bench',
              commandId: null,
            },
          },
        ],
        { expectedStreamVersion: this.streamDoesNotExist },
      );
    });
  }

  async close(): Promise<void> {
    try {
      await this.store.close();
    } finally {
      await this.pool.end().catch(() => undefined);
      for (const [type, parser] of this.parsers) {
        types.setTypeParser(type, parser as (value: string) => unknown);
      }
    }
  }
}
