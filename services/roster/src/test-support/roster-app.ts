import type { INestApplication } from '@nestjs/common';
import { mintToken, type Role } from '@bulwark/auth';
import {
  createServiceApp,
  migrateService,
  Outbox,
  PG_POOL,
  ServiceConfig,
  testServiceConfig,
} from '@bulwark/runtime';
import { createTestDatabase, createTestNats, TestDatabase } from '@bulwark/testing';
import type { Pool } from 'pg';
import request from 'supertest';
import { RosterModule, rosterRuntime } from '../roster.module';

const SECRET = 'roster-test-secret';

/** A real roster service on its own database and NATS namespace, driven over HTTP. */
export interface RosterApp {
  app: INestApplication;
  pool: Pool;
  outbox: Outbox;
  config: ServiceConfig;
  db: TestDatabase;
  http: () => ReturnType<typeof request>;
  token(roles: Role[], scopes: string[], sub?: string): string;
  /** Authorization header value for the whole-university student-affairs office. */
  office: string;
  close(): Promise<void>;
}

export async function startRosterApp(suite: string): Promise<RosterApp> {
  const db = await createTestDatabase(suite);
  const nats = await createTestNats(suite);
  const config = testServiceConfig(db.url, nats);
  await migrateService(rosterRuntime(), config);
  const app = await createServiceApp(
    RosterModule.forRoot(config, { secret: SECRET }),
    'roster',
    'test',
    ['error'],
  );
  await app.init();
  const token = (roles: Role[], scopes: string[], sub = 'office-1') =>
    `Bearer ${mintToken({ sub, name: sub, roles, scopes }, { secret: SECRET, expiresIn: '1h' })}`;
  return {
    app,
    db,
    config,
    pool: app.get<Pool>(PG_POOL),
    outbox: app.get(Outbox),
    http: () => request(app.getHttpServer()),
    token,
    office: token(['student-affairs'], ['*']),
    async close() {
      await app.close();
      await db.drop();
      await nats.removeStreams();
    },
  };
}
