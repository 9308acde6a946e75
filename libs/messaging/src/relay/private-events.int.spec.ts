import { randomUUID } from 'node:crypto';
import {
  eventStoreMigrations,
  PostgresEventStore,
  poolOf,
  serviceDataSource,
  type Upcaster,
} from '@bulwark/event-store';
import { createTestDatabase, createTestNats, expectEventually } from '@bulwark/testing';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import type { BulwarkCloudEvent } from '../envelope/cloud-event';
import { ensureContextStream } from '../streams/ensure-streams';
import { EventRelay } from './event-relay';

const metadata = { correlationId: 'c', causationId: null, actor: 'tester', commandId: null };
const PRIVATE = 'CounsellingNoteRecorded';
const postedV2: Upcaster = {
  type: 'Posted',
  fromVersion: 1,
  upcast: (data) => ({ ...(data as object), upcast: true }),
};

/**
 * A context's private event types never leave it: the relay skips them, and the public events
 * around them still land in order, once, across batches, restarts and a private tail.
 */
describe('EventRelay and private event types (real PostgreSQL and NATS)', () => {
  it.each([
    ['as stored', []],
    ['upcast on the way out', [postedV2]],
  ])(
    'publishes the public events %s, in order, once, and never a private one',
    async (_, upcasters: Upcaster[]) => {
      const db = await createTestDatabase('relay_private');
      const nats = await createTestNats('relay_private');
      const dataSource = serviceDataSource({ url: db.url, migrations: eventStoreMigrations });
      await dataSource.initialize();
      await dataSource.runMigrations();
      const store = new PostgresEventStore(poolOf(dataSource), { upcasters });
      const nc = await connect({ servers: nats.url });
      const jsm = await jetstreamManager(nc);
      const stream = await ensureContextStream(jsm, { prefix: nats.prefix }, 'ledger');
      const relay = () =>
        new EventRelay({
          store,
          nc,
          jsm,
          ns: { prefix: nats.prefix },
          context: 'ledger',
          privateTypes: [PRIVATE],
          batchSize: 2,
        });
      const streamId = `acct-${randomUUID()}`;
      let version = 0;
      /** Appends one event per letter: P public, X private; returns the public ones' ids. */
      const append = async (pattern: string): Promise<string[]> => {
        const events = [...pattern].map((c, i) => ({
          type: c === 'X' ? PRIVATE : 'Posted',
          data: { i: version + i },
        }));
        const outcome = await store.append(
          [{ streamId, expectedVersion: version === 0 ? 'no-stream' : version, events }],
          { metadata },
        );
        if (outcome.status !== 'appended') throw new Error('not appended');
        version += events.length;
        return outcome.events.filter((e) => e.type !== PRIVATE).map((e) => e.eventId);
      };
      const drain = async (r: EventRelay, expected: number): Promise<void> => {
        await expectEventually(async () => {
          while ((await r.publishBatch()) > 0);
          expect((await jsm.streams.info(stream)).state.messages).toBe(expected);
        });
      };
      try {
        const published: string[] = [];
        // Batches of two read around private runs: PX XP XX PX ...
        published.push(...(await append('PXXPXXXP')));
        const first = relay();
        await drain(first, 3);
        published.push(...(await append('XXPX')));
        await drain(first, 4);
        await first.stop();
        // A private tail, then a new relay that takes its position from the stream.
        published.push(...(await append('XXX')));
        const second = relay();
        expect(await second.publishBatch()).toBe(0);
        published.push(...(await append('PXP')));
        await drain(second, 6);
        expect(await second.lag()).toBe(0);
        await second.stop();

        const info = await jsm.streams.info(stream);
        const out: BulwarkCloudEvent[] = [];
        for (let seq = info.state.first_seq; seq <= info.state.last_seq; seq++) {
          const m = await jsm.streams.getMessage(stream, { seq });
          if (m) out.push(m.json<BulwarkCloudEvent>());
        }
        expect(out.map((e) => e.id)).toEqual(published);
        expect(out.map((e) => e.type)).toEqual(
          published.map(() => `bulwark.ledger.Posted.v${upcasters.length ? 2 : 1}`),
        );
        expect(out.map((e) => (e.data as { upcast?: boolean }).upcast ?? false)).toEqual(
          published.map(() => upcasters.length > 0),
        );
      } finally {
        await jsm.streams.delete(stream).catch(() => undefined);
        await nc.drain();
        await dataSource.destroy();
        await db.drop();
      }
    },
  );
});
