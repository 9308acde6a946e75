import type { INestApplication } from '@nestjs/common';
import { mintToken } from '@bulwark/auth';
import { streamOf, type BulwarkCloudEvent } from '@bulwark/messaging';
import { createServiceApp, migrateService, testServiceConfig } from '@bulwark/runtime';
import {
  createTestDatabase,
  createTestNats,
  expectEventually,
  type TestDatabase,
  type TestNats,
} from '@bulwark/testing';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import request from 'supertest';
import { SkeletonModule, skeletonRuntime } from './src/skeleton.module';

const SECRET = 'skeleton-test-secret';

/**
 * README's "Adding a service", followed once: a service made of the HTTP edge and the event
 * store, its own (empty) migrations and one slice, migrated by migrateService, boots against
 * real PostgreSQL and NATS, answers /health, appends an event and relays it to its stream.
 */
describe('a new service from the recipe (real PostgreSQL and NATS)', () => {
  let db: TestDatabase;
  let nats: TestNats;
  let app: INestApplication;

  beforeAll(async () => {
    db = await createTestDatabase('skeleton');
    nats = await createTestNats('skeleton');
    const config = testServiceConfig(db.url, nats);
    expect(await migrateService(skeletonRuntime(), config)).toEqual(
      expect.arrayContaining(['CreateEventStore1763870400000']),
    );
    app = await createServiceApp(
      SkeletonModule.forRoot(config, { secret: SECRET }),
      'skeleton',
      'test',
      ['error'],
    );
    await app.init();
  });

  afterAll(async () => {
    await app?.close();
    await db?.drop();
    await nats?.removeStreams();
  });

  it('answers /health with PostgreSQL, NATS and its relay', async () => {
    const health = await request(app.getHttpServer()).get('/health').expect(200);
    expect(health.body).toMatchObject({
      service: 'skeleton',
      status: 'up',
      postgres: { status: 'up' },
      nats: { status: 'up' },
      relay: { active: expect.any(Boolean) },
    });
  });

  it('appends one event and relays it to the context stream', async () => {
    const token = mintToken(
      { sub: 'office-1', name: 'office', roles: ['student-affairs'], scopes: ['*'] },
      { secret: SECRET, expiresIn: '1h' },
    );
    await request(app.getHttpServer())
      .post('/pings')
      .set('Authorization', `Bearer ${token}`)
      .send({ label: 'first' })
      .expect(201);
    await request(app.getHttpServer())
      .post('/pings')
      .set('Authorization', `Bearer ${token}`)
      .send({ label: 'first' })
      .expect(409);

    const nc = await connect({ servers: nats.url });
    try {
      const jsm = await jetstreamManager(nc);
      const stream = streamOf({ prefix: nats.prefix }, 'skeleton');
      const message = await expectEventually(async () => {
        const m = await jsm.streams.getMessage(stream, { seq: 1 });
        expect(m).not.toBeNull();
        return m;
      });
      expect(message?.subject).toBe(`${nats.prefix}.bulwark.skeleton.Pinged`);
      expect(message?.json<BulwarkCloudEvent>()).toMatchObject({
        type: 'bulwark.skeleton.Pinged.v1',
        subject: 'ping-first',
        data: { label: 'first' },
        actor: 'office-1',
      });
      expect((await jsm.streams.info(stream)).state.messages).toBe(1);
    } finally {
      await nc.drain();
    }
  });
});
