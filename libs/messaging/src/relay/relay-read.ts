import type { Checkpoint, PostgresEventStore, RecordedEvent } from '@bulwark/event-store';
import { escapeLiteral, type Pool, type PoolClient } from 'pg';
import { toCloudEvent } from '../envelope/cloud-event';
import { copyOut } from './copy-out';

/** A committed event, ready for the wire. */
export interface RelayRow {
  /** `<transaction id>:<global position>`, the Bulwark-Position header. */
  position: string;
  eventId: string;
  type: string;
  schemaVersion: number;
  /** The CloudEvents envelope: JSON text, UTF-8 encoded, as it goes on the wire. */
  envelope: Buffer;
}

/**
 * The relay's reads: envelopes as PostgreSQL writes them, except for events the store
 * upcasts. Those go out as every reader of the store sees them, at their newest schema
 * version: whether a type and version is upcast is asked of the store once (an upcaster
 * always raises the version), and a batch holding such events takes their envelopes from
 * `store.readAll`. Events of the private types are never read: they stay in the store.
 */
export class RelayReader {
  /** `<type>@<schema version>` -> whether the store upcasts it. */
  private readonly upcast = new Map<string, boolean>();

  constructor(
    private readonly store: PostgresEventStore,
    private readonly context: string,
    private readonly privateTypes: readonly string[] = [],
  ) {}

  async read(after: Checkpoint, limit: number): Promise<RelayRow[]> {
    const rows = await readRelayRows(
      this.store.pool,
      this.context,
      after,
      limit,
      this.privateTypes,
    );
    let upcast = false;
    let previous: RelayRow | undefined;
    for (const row of rows) {
      // Runs of one type and version are common: look each run up once.
      const sameRun = previous?.type === row.type && previous.schemaVersion === row.schemaVersion;
      previous = row;
      if (sameRun) continue;
      const key = `${row.type}@${row.schemaVersion}`;
      let known = this.upcast.get(key);
      if (known === undefined) {
        const [event] = await this.store.readAll(justBefore(row.position), 1);
        if (event?.eventId !== row.eventId) throw new Error(`relay read ${key} out of step`);
        known = event.schemaVersion !== row.schemaVersion;
        this.upcast.set(key, known);
      }
      upcast ||= known;
    }
    if (!upcast) return rows;
    const events = await this.readEvents(after, rows);
    return rows.map((row) => {
      if (!this.upcast.get(`${row.type}@${row.schemaVersion}`)) return row;
      const event = events.get(row.eventId);
      if (!event) throw new Error(`relay read ${row.eventId} out of step`);
      return { ...row, envelope: Buffer.from(JSON.stringify(toCloudEvent(this.context, event))) };
    });
  }

  /** The rows' events as the store reads them (upcast), by id; private ones in between skipped. */
  private async readEvents(
    after: Checkpoint,
    rows: RelayRow[],
  ): Promise<Map<string, RecordedEvent>> {
    const events = new Map<string, RecordedEvent>();
    const last = rows.at(-1);
    let from = after;
    while (last && !events.has(last.eventId)) {
      const read = await this.store.readAll(from, rows.length);
      const end = read.at(-1);
      if (!end) throw new Error(`relay read ${last.eventId} out of step`);
      for (const event of read) events.set(event.eventId, event);
      from = { transactionId: end.transactionId, globalPosition: end.globalPosition };
    }
    return events;
  }
}

/**
 * The checkpoint right before a row: nothing lies between it and the row, as global positions
 * are unique (private events skipped around it do not matter).
 */
function justBefore(position: string): Checkpoint {
  const at = checkpointOf(position);
  return { transactionId: at.transactionId, globalPosition: at.globalPosition - 1n };
}

/**
 * Committed events after `after` in commit order, each with its envelope written by
 * PostgreSQL: the same JSON as `JSON.stringify(toCloudEvent(context, event))`, except that
 * `data` keeps jsonb's own text (spaces after `:` and `,`). The relay's Node process is its
 * bottleneck; parsing each row's jsonb and serializing it again took most of its CPU. The rows
 * come through `copyOut`, so the envelope reaches the NATS client as the bytes PostgreSQL wrote.
 *
 * Same rule as `PostgresEventStore.readAll`: only transactions older than every one still
 * running (`transaction_id < pg_snapshot_xmin`), so an event that commits late is never skipped.
 * The event id is a uuid and the hashes are hex: nothing in them to escape. Events of the
 * `privateTypes` are left out: they never leave the service.
 */
export async function readRelayRows(
  db: Pool | PoolClient,
  context: string,
  after: Checkpoint,
  limit: number,
  privateTypes: readonly string[] = [],
): Promise<RelayRow[]> {
  if (!Number.isSafeInteger(limit) || limit < 1) throw new Error(`bad relay read limit ${limit}`);
  const publicOnly = privateTypes.length
    ? `AND type NOT IN (${privateTypes.map((t) => escapeLiteral(t)).join(', ')})`
    : '';
  const rows: RelayRow[] = [];
  await copyOut(
    db,
    `SELECT transaction_id::text || ':' || global_position, event_id::text, type, schema_version,
        '{"specversion":"1.0","id":"' || event_id || '","source":'
        || ${escapeLiteral(JSON.stringify(`urn:bulwark:${context}`))}
        || ',"type":' || to_json('bulwark.' || ${escapeLiteral(context)} || '.' || type || '.v' || schema_version)::text
        || ',"subject":' || to_json(stream_id)::text
        || ',"time":"' || to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
        || '","datacontenttype":"application/json","dataschema":'
        || to_json('urn:bulwark:schema:' || ${escapeLiteral(context)} || ':' || type || ':v' || schema_version)::text
        || ',"data":' || data::text || ',"streamversion":' || stream_version
        || ',"correlationid":' || coalesce((metadata->'correlationId')::text, 'null')
        || ',"causationid":' || coalesce((metadata->'causationId')::text, 'null')
        || ',"actor":' || coalesce((metadata->'actor')::text, 'null')
        || ',"commandid":' || coalesce((metadata->'commandId')::text, 'null')
        || ',"prevhash":"' || prev_hash || '","hash":"' || hash || '"}'
      FROM events
      WHERE (transaction_id, global_position)
          > ('${after.transactionId}'::xid8, ${after.globalPosition}::bigint)
        AND transaction_id < pg_snapshot_xmin(pg_current_snapshot())
        ${publicOnly}
      ORDER BY transaction_id, global_position
      LIMIT ${limit}`,
    ([position, eventId, type, schemaVersion, envelope]) => {
      rows.push({
        position: position!.toString('latin1'),
        eventId: eventId!.toString('latin1'),
        type: type!.toString('utf8'),
        schemaVersion: schemaVersion!.readInt32BE(0),
        envelope: Buffer.from(envelope!),
      });
    },
  );
  return rows;
}

/** The checkpoint a Bulwark-Position header names. */
export function checkpointOf(position: string): Checkpoint {
  const colon = position.indexOf(':');
  return {
    transactionId: BigInt(position.slice(0, colon)),
    globalPosition: BigInt(position.slice(colon + 1)),
  };
}
