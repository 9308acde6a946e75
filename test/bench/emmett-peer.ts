import { randomBytes, randomUUID } from 'node:crypto';
import pg from 'pg';
import { closedLoop, Rate } from './measure';

/** The event data the peer appends: the same StudentEnrolled payloads as ours. */
export interface PeerEventSource {
  data(i: number): Record<string, unknown>;
}

type Parser = (value: string) => unknown;
/** pg type ids whose parsers Emmett's driver (dumbo) replaces process-wide: int8, jsonb, json. */
const PARSED_TYPES = [20, 3802, 114] as const;
const currentParsers = () =>
  new Map<number, Parser>(PARSED_TYPES.map((t) => [t, pg.types.getTypeParser(t) as Parser]));
const install = (parsers: Map<number, Parser>) => {
  for (const [type, parser] of parsers) pg.types.setTypeParser(type, parser);
};

/**
 * The peer: Emmett's PostgreSQL event store (`@event-driven-io/emmett-postgresql`), on its own
 * pg pool of the same size as ours, in the bench database (its tables are `emt_*`). Workload:
 * each writer appends one StudentEnrolled event to a new stream per command, expecting
 * STREAM_DOES_NOT_EXIST; Emmett runs each append as BEGIN; emt_append_to_stream(...); COMMIT.
 *
 * Emmett's driver sets pg's global type parsers when it opens a pool (int8 to BigInt, jsonb
 * to its own parser). The peer runs with its parsers and everything else with pg's own: they
 * are swapped in around each of the peer's measurements.
 */
export class EmmettPeer {
  private next = 0;
  private readonly prefix = `student-e${randomBytes(3).toString('hex')}`;

  private constructor(
    private readonly store: import('@event-driven-io/emmett-postgresql').PostgresEventStore,
    private readonly streamDoesNotExist: import('@event-driven-io/emmett').ExpectedStreamVersion,
    private readonly pool: pg.Pool,
    private readonly ours: Map<number, Parser>,
    private readonly theirs: Map<number, Parser>,
    private readonly source: PeerEventSource,
  ) {}

  static async open(url: string, poolSize: number, source: PeerEventSource): Promise<EmmettPeer> {
    const ours = currentParsers();
    const { getPostgreSQLEventStore } = await import('@event-driven-io/emmett-postgresql');
    const { STREAM_DOES_NOT_EXIST } = await import('@event-driven-io/emmett');
    const pool = new pg.Pool({
      connectionString: url,
      max: poolSize,
      application_name: 'bulwark-bench-emmett',
    });
    try {
      const store = getPostgreSQLEventStore(url, {
        connectionOptions: { pool },
        schema: { autoMigration: 'None' },
      });
      await store.schema.migrate();
      const theirs = currentParsers();
      return new EmmettPeer(store, STREAM_DOES_NOT_EXIST, pool, ours, theirs, source);
    } catch (error) {
      await pool.end().catch(() => undefined);
      throw error;
    } finally {
      install(ours);
    }
  }

  async append(writers: number, seconds: number, warmupSeconds: number): Promise<Rate> {
    install(this.theirs);
    try {
      return await closedLoop(writers, seconds, warmupSeconds, async () => {
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
    } finally {
      install(this.ours);
    }
  }

  async close(): Promise<void> {
    try {
      await this.store.close();
    } finally {
      await this.pool.end().catch(() => undefined);
    }
  }
}
