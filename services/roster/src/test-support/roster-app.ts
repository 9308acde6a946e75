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
import type { CreateUnit } from '../units/domain/create-unit';

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

/** Every event in the service's store. */
export const eventCount = async (r: RosterApp): Promise<number> =>
  Number((await r.pool.query<{ n: string }>('SELECT count(*) AS n FROM events')).rows[0]?.n);

/** Creates units over HTTP, parents first, as the office would. */
export async function createUnits(r: RosterApp, units: CreateUnit[]): Promise<void> {
  for (const unit of units) {
    const res = await r.http().post('/units').set('Authorization', r.office).send(unit);
    if (res.status !== 201)
      throw new Error(`unit ${unit.code}: ${res.status} ${JSON.stringify(res.body)}`);
  }
}

/** One class of the law school, and one floor of the north campus with rooms of 2 and 4 beds. */
export const lawSchoolAndNorthCampus: CreateUnit[] = [
  { code: 'uni', name: 'University', level: 'university', parentCode: null },
  { code: 'law', name: 'Law School', level: 'college', parentCode: 'uni' },
  { code: 'law-2021', name: 'Law 2021', level: 'grade', parentCode: 'law' },
  { code: 'law-2021-1', name: 'Law 2021 class 1', level: 'class', parentCode: 'law-2021' },
  { code: 'north', name: 'North campus', level: 'campus', parentCode: null },
  { code: 'n-c1', name: 'Community 1', level: 'community', parentCode: 'north' },
  { code: 'n-c1-b1', name: 'Building 1', level: 'building', parentCode: 'n-c1' },
  { code: 'n-c1-b1-f1', name: 'Floor 1', level: 'floor', parentCode: 'n-c1-b1' },
  { code: 'n-101', name: 'Room 101', level: 'room', parentCode: 'n-c1-b1-f1', bedCapacity: 2 },
  { code: 'n-102', name: 'Room 102', level: 'room', parentCode: 'n-c1-b1-f1', bedCapacity: 4 },
];

/** The body of `POST /students` for student `n` of the law class (or `classCode`). */
export const studentBody = (n: string, residence: object, classCode = 'law-2021-1') => ({
  studentNumber: n,
  name: `学生 ${n}`,
  studentType: 'undergraduate',
  classCode,
  gender: 'female',
  ethnicity: 'Hui',
  halal: true,
  phone: '+86 138 0000 0000',
  residence,
});
