import { randomUUID } from 'node:crypto';
import {
  eventStoreMigrations,
  PostgresEventStore,
  poolOf,
  RecordedEvent,
  serviceDataSource,
  START,
} from '@bulwark/event-store';
import {
  createTestDatabase,
  createTestNats,
  expectEventually,
  TestDatabase,
  TestNats,
} from '@bulwark/testing';
import { jetstreamManager, JetStreamManager, StoredMsg } from '@nats-io/jetstream';
import { connect, NatsConnection } from '@nats-io/transport-node';
import type { DataSource } from 'typeorm';
import { toCloudEvent } from '../envelope/cloud-event';
import { ensureContextStream } from '../streams/ensure-streams';
import { EventRelay, POSITION_HEADER } from './event-relay';

// The relay writes envelopes from the stored text (in SQL), not through toCloudEvent: these
// tests hold the two to the same JSON, upcasting included, and check a lost stream is refilled.
describe('EventRelay envelopes and a lost stream (real PostgreSQL and NATS)', () => {
  let db: TestDatabase;
  let nats: TestNats;
  let dataSource: DataSource;
  let store: PostgresEventStore;
  let nc: NatsConnection;
  let jsm: JetStreamManager;
  let stream: string;
  let relay: EventRelay;
  const ns = () => ({ prefix: nats.prefix });

  beforeAll(async () => {
    db = await createTestDatabase('relayenv');
    nats = await createTestNats('relayenv');
    dataSource = serviceDataSource({ url: db.url, migrations: eventStoreMigrations });
    await dataSource.initialize();
    await dataSource.runMigrations();
    store = new PostgresEventStore(poolOf(dataSource), {
      upcasters: [
        { type: 'Renamed', fromVersion: 1, upcast: (d) => ({ ...(d as object), v2: true }) },
        { type: 'Renamed', fromVersion: 2, upcast: (d) => ({ ...(d as object), v3: true }) },
      ],
    });
    nc = await connect({ servers: nats.url });
    jsm = await jetstreamManager(nc);
    stream = await ensureContextStream(jsm, ns(), 'ledger');
    relay = new EventRelay({ store, nc, jsm, ns: ns(), context: 'ledger' });
  });
  afterAll(async () => {
    await relay.stop();
    await jsm.streams.delete(stream).catch(() => undefined);
    await nc.drain();
    await dataSource.destroy();
    await db.drop();
  });

  async function streamMessages(): Promise<StoredMsg[]> {
    const info = await jsm.streams.info(stream);
    const out: StoredMsg[] = [];
    for (
      let seq = info.state.first_seq;
      info.state.messages > 0 && seq <= info.state.last_seq;
      seq++
    ) {
      out.push((await jsm.streams.getMessage(stream, { seq }))!);
    }
    return out;
  }

  /** Publishes until the stream holds `n` messages; a failed pass is retried, as `start()` does. */
  async function publishUntil(n: number): Promise<StoredMsg[]> {
    return expectEventually(async () => {
      await relay.publishBatch().catch(() => 0);
      const messages = await streamMessages();
      expect(messages).toHaveLength(n);
      return messages;
    });
  }

  function expectSameAsRead(messages: StoredMsg[], events: RecordedEvent[]): void {
    expect(messages.map((m) => m.header.get('Nats-Msg-Id'))).toEqual(events.map((e) => e.eventId));
    messages.forEach((m, i) => {
      const e = events[i];
      if (!e) throw new Error(`no event read for message ${i}`);
      expect(m.header.get(POSITION_HEADER)).toBe(`${e.transactionId}:${e.globalPosition}`);
      expect(m.subject).toBe(`${nats.prefix}.bulwark.ledger.${e.type}`);
      expect(m.json()).toEqual(toCloudEvent('ledger', e));
    });
  }

  it('publishes what toCloudEvent makes of the store read: escapes, numbers, nulls and upcasts alike', async () => {
    const streamId = `odd "id" \\ ${randomUUID()}`;
    await store.append(
      [
        {
          streamId,
          expectedVersion: 'no-stream',
          events: [
            {
              type: 'Opened',
              data: {
                owner: '张三 😀',
                note: 'a "quoted" \\ back\nslash\ttab \u0001',
                n: 1.5,
                big: 12345678901234,
                nested: { b: [1, null, true, { deep: '' }] },
              },
            },
            { type: 'Renamed', data: { to: 'x' } },
            { type: 'Renamed', schemaVersion: 3, data: { to: 'y' } },
          ],
        },
      ],
      {
        metadata: { correlationId: 'c "1"', causationId: 'cause', actor: 'ü', commandId: 'cmd' },
      },
    );
    const messages = await publishUntil(3);
    const events = await store.readAll(START, 10);
    expectSameAsRead(messages, events);
    expect(events.map((e) => e.schemaVersion)).toEqual([1, 3, 3]);
    expect(messages[1]?.json()).toMatchObject({
      type: 'bulwark.ledger.Renamed.v3',
      data: { to: 'x', v2: true, v3: true },
    });
  });

  it('publishes everything again, once and in order, when the stream is lost', async () => {
    await jsm.streams.delete(stream);
    await ensureContextStream(jsm, ns(), 'ledger');
    // The relay finds out with its next message, which expects the lost stream's sequence.
    await store.append(
      [
        {
          streamId: `after-${randomUUID()}`,
          expectedVersion: 'no-stream',
          events: [{ type: 'Opened', data: { owner: 'after' } }],
        },
      ],
      { metadata: { correlationId: 'c', causationId: null, actor: 'a', commandId: null } },
    );
    const messages = await publishUntil(4);
    expectSameAsRead(messages, await store.readAll(START, 10));
  });
});
