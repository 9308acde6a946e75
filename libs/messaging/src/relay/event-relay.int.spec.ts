import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import {
  eventStoreMigrations,
  PostgresEventStore,
  poolOf,
  serviceDataSource,
} from '@bulwark/event-store';
import {
  createTestDatabase,
  createTestNats,
  expectEventually,
  spawnScript,
  TestDatabase,
  TestNats,
} from '@bulwark/testing';
import { jetstreamManager, JetStreamManager } from '@nats-io/jetstream';
import { connect, NatsConnection } from '@nats-io/transport-node';
import type { DataSource } from 'typeorm';
import { BulwarkCloudEvent } from '../envelope/cloud-event';
import { ensureContextStream } from '../streams/ensure-streams';
import { streamOf } from '../streams/namespace';
import { EventRelay, POSITION_HEADER } from './event-relay';

const script = resolve(__dirname, '../test-support/relay-process.ts');
const metadata = { correlationId: 'c', causationId: null, actor: 'tester', commandId: null };

describe('EventRelay (real PostgreSQL and NATS)', () => {
  let db: TestDatabase;
  let nats: TestNats;
  let dataSource: DataSource;
  let store: PostgresEventStore;
  let nc: NatsConnection;
  let jsm: JetStreamManager;
  let stream: string;

  beforeAll(async () => {
    db = await createTestDatabase('relay');
    nats = await createTestNats('relay');
    dataSource = serviceDataSource({ url: db.url, migrations: eventStoreMigrations });
    await dataSource.initialize();
    await dataSource.runMigrations();
    store = new PostgresEventStore(poolOf(dataSource));
    nc = await connect({ servers: nats.url });
    jsm = await jetstreamManager(nc);
    stream = await ensureContextStream(jsm, { prefix: nats.prefix }, 'ledger');
  });
  afterAll(async () => {
    await jsm.streams.delete(stream).catch(() => undefined);
    await nc.drain();
    await dataSource.destroy();
    await db.drop();
  });

  async function appendMany(n: number, streams = 50): Promise<void> {
    const run = Array.from({ length: streams }, (_, s) => `acct-${s}-${randomUUID()}`);
    const per = Math.ceil(n / streams);
    await Promise.all(
      run.map((streamId) =>
        store.append(
          [
            {
              streamId,
              expectedVersion: 'no-stream',
              events: Array.from({ length: per }, (_, i) => ({ type: 'Posted', data: { i } })),
            },
          ],
          { metadata },
        ),
      ),
    );
  }

  /** Every event in commit order; all writers have finished, so all of them are committed. */
  async function allCommitted(): Promise<string[]> {
    const { rows } = await store.pool.query(
      'SELECT event_id FROM events ORDER BY transaction_id, global_position',
    );
    return rows.map((r: { event_id: string }) => r.event_id);
  }

  async function streamContents(): Promise<BulwarkCloudEvent[]> {
    const info = await jsm.streams.info(stream);
    const out: BulwarkCloudEvent[] = [];
    for (
      let seq = info.state.first_seq;
      seq <= info.state.last_seq && info.state.messages > 0;
      seq++
    ) {
      const m = await jsm.streams.getMessage(stream, { seq });
      out.push(m!.json<BulwarkCloudEvent>());
    }
    return out;
  }

  const env = () => ({
    DATABASE_URL: db.url,
    NATS_URL: nats.url,
    NATS_PREFIX: nats.prefix,
    RELAY_BATCH_SIZE: '400',
  });

  it('killed mid-batch, before its checkpoint and at random moments, it still publishes every event exactly once, in order', async () => {
    await appendMany(3000);
    const midBatch = spawnScript(script, { ...env(), BULWARK_CRASH_AT: 'relay.mid-batch@2' });
    expect(await midBatch.exited).toBe(137);
    const beforeCheckpoint = spawnScript(script, {
      ...env(),
      BULWARK_CRASH_AT: 'relay.before-checkpoint',
    });
    expect(await beforeCheckpoint.exited).toBe(137);
    for (const ms of [150, 400, 900]) {
      const victim = spawnScript(script, env());
      await new Promise((r) => setTimeout(r, ms));
      victim.kill('SIGKILL');
      await victim.exited;
      await appendMany(200, 5); // writers go on while the relay is down
    }
    const finisher = spawnScript(script, env());
    const finished = await finisher.exited;
    if (finished !== 0) throw new Error(`the relay failed: ${finisher.output()}`);

    const committed = await allCommitted();
    const published = await streamContents();
    expect(published.map((e) => e.id)).toEqual(committed);
    expect(new Set(published.map((e) => e.id)).size).toBe(published.length);
  }, 120_000);

  it('publishes CloudEvents envelopes on bulwark.<context>.<EventType> with Nats-Msg-Id = event id', async () => {
    const streamId = `env-${randomUUID()}`;
    await store.append(
      [
        {
          streamId,
          expectedVersion: 'no-stream',
          events: [{ type: 'Opened', data: { owner: '张三' } }],
        },
      ],
      {
        metadata: { ...metadata, correlationId: 'corr-9', actor: 'counsellor-7' },
      },
    );
    const relay = new EventRelay({
      store,
      nc,
      jsm,
      ns: { prefix: nats.prefix },
      context: 'ledger',
    });
    // Committed events become readable once older transactions in the cluster have ended.
    const msg = await expectEventually(async () => {
      await relay.publishBatch();
      const last = await jsm.streams.getMessage(stream, {
        last_by_subj: `${nats.prefix}.bulwark.ledger.Opened`,
      });
      expect(last).not.toBeNull();
      return last;
    });
    await relay.stop();
    expect(msg!.subject).toBe(`${nats.prefix}.bulwark.ledger.Opened`);
    const [event] = await store.readStream(streamId);
    if (!event) throw new Error('the appended event is not in its stream');
    expect(msg!.header.get('Nats-Msg-Id')).toBe(event.eventId);
    expect(msg!.json()).toEqual({
      specversion: '1.0',
      id: event.eventId,
      source: 'urn:bulwark:ledger',
      type: 'bulwark.ledger.Opened.v1',
      subject: streamId,
      time: event.occurredAt.toISOString(),
      datacontenttype: 'application/json',
      dataschema: 'urn:bulwark:schema:ledger:Opened:v1',
      data: { owner: '张三' },
      streamversion: 1,
      correlationid: 'corr-9',
      causationid: null,
      actor: 'counsellor-7',
      commandid: null,
      prevhash: event.prevHash,
      hash: event.hash,
    });
    expect(msg!.header.get(POSITION_HEADER)).toBe(`${event.transactionId}:${event.globalPosition}`);
  });

  it('lets only one relay per database publish at a time', async () => {
    const a = new EventRelay({ store, nc, jsm, ns: { prefix: nats.prefix }, context: 'ledger' });
    const b = new EventRelay({ store, nc, jsm, ns: { prefix: nats.prefix }, context: 'ledger' });
    await appendMany(10, 2);
    await expectEventually(async () => expect(await a.publishBatch()).toBeGreaterThan(0));
    await appendMany(10, 2);
    expect(await b.publishBatch()).toBe(0);
    expect(b.active).toBe(false);
    await a.stop();
    await expectEventually(async () => expect(await b.publishBatch()).toBeGreaterThan(0));
    expect(b.active).toBe(true);
    await b.stop();
    expect(streamOf({ prefix: nats.prefix }, 'ledger')).toBe(stream);
  });
});
