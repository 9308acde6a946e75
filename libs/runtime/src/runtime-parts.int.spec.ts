import { eventStoreMigrations } from '@bulwark/event-store';
import { messagingMigrations, streamOf } from '@bulwark/messaging';
import {
  createTestDatabase,
  createTestNats,
  type TestDatabase,
  type TestNats,
} from '@bulwark/testing';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { Module } from '@nestjs/common';
import { Pool } from 'pg';
import request from 'supertest';
import { createServiceApp } from './bootstrap';
import { testServiceConfig } from './config';
import { consumers } from './consumers.part';
import { eventStore } from './event-store.part';
import { httpEdge } from './http-edge';
import { migrateService } from './migrate';
import { runtimeMigrations, type ServiceRuntime } from './runtime-part';
import { RuntimeModule } from './runtime.module';

/** A service made of the HTTP edge only, as the audit is. */
const edgeOnly: ServiceRuntime = {
  context: 'edgeonly',
  parts: [httpEdge({ auth: { secret: 'runtime-parts-secret' } })],
  migrations: [],
};

describe('runtime parts (real PostgreSQL and NATS)', () => {
  let db: TestDatabase;
  let nats: TestNats;

  beforeAll(async () => {
    db = await createTestDatabase('runtime_parts');
    nats = await createTestNats('runtime_parts');
  });
  afterAll(async () => {
    await db?.drop();
    await nats?.removeStreams();
  });

  it('lists each part its lib’s migrations, in the order picked, then the service’s own', () => {
    const own = eventStoreMigrations[0];
    if (!own) throw new Error('the event store has no migration');
    expect(
      runtimeMigrations({
        context: 'x',
        parts: [httpEdge(), eventStore(), consumers()],
        migrations: [own],
      }),
    ).toEqual([...eventStoreMigrations, ...messagingMigrations, own]);
  });

  it('gives a service of the HTTP edge alone no event-store tables, no stream and no relay', async () => {
    const config = testServiceConfig(db.url, nats);
    expect(await migrateService(edgeOnly, config)).toEqual([]);
    const pool = new Pool({ connectionString: db.url, max: 1 });
    try {
      const { rows } = await pool.query<{ events: string | null; checkpoints: string | null }>(
        `SELECT to_regclass('events')::text AS events, to_regclass('checkpoints')::text AS checkpoints`,
      );
      expect(rows).toEqual([{ events: null, checkpoints: null }]);
    } finally {
      await pool.end();
    }
    const nc = await connect({ servers: nats.url });
    try {
      const jsm = await jetstreamManager(nc);
      await expect(jsm.streams.info(streamOf({ prefix: nats.prefix }, 'edgeonly'))).rejects.toThrow(
        /stream not found/,
      );
    } finally {
      await nc.drain();
    }

    @Module({ imports: [RuntimeModule.forService(edgeOnly, config)] })
    class EdgeOnlyModule {}
    const app = await createServiceApp(EdgeOnlyModule, 'edge only', 'test', ['error']);
    await app.init();
    try {
      const health = await request(app.getHttpServer()).get('/health').expect(200);
      expect(health.body).toEqual({
        service: 'edgeonly',
        status: 'up',
        postgres: { status: 'up' },
        nats: { status: 'up' },
      });
    } finally {
      await app.close();
    }
  });
});
