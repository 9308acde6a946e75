import type { INestApplication } from '@nestjs/common';
import { mintToken, type Role } from '@bulwark/auth';
import {
  createServiceApp,
  migrateService,
  Outbox,
  PG_POOL,
  startConsumers,
  type ServiceConfig,
  testServiceConfig,
} from '@bulwark/runtime';
import {
  createTestDatabase,
  createTestNats,
  type TestDatabase,
  type TestNats,
} from '@bulwark/testing';
import type { Pool } from 'pg';
import request from 'supertest';
import { REPORTING_CONTEXT, ReportingModule, reportingRuntime } from '../reporting.module';
import { DeadlineScheduler } from '../deadlines/deadline-scheduler';
import { reportingSettingsFromEnv, type ReportingSettings } from '../settings';
import { SettableClock } from './settable-clock';

const SECRET = 'reporting-test-secret';

/** A real reporting service on a test database and NATS namespace, driven over HTTP. */
export interface ReportingApp {
  app: INestApplication;
  pool: Pool;
  outbox: Outbox;
  config: ServiceConfig;
  clock: SettableClock;
  scheduler: DeadlineScheduler;
  http: () => ReturnType<typeof request>;
  token(roles: Role[], scopes: string[], sub?: string): string;
  /** The whole-university prevention office. */
  office: string;
  /** Brings every projection up to date with what is committed now. */
  caughtUp(): Promise<void>;
  close(): Promise<void>;
}

export interface TestInfrastructure {
  db: TestDatabase;
  nats: TestNats;
  config: ServiceConfig;
}

/** A database and a NATS namespace for one suite, migrated; shared by the replicas it starts. */
export async function reportingInfrastructure(suite: string): Promise<TestInfrastructure> {
  const db = await createTestDatabase(suite);
  const nats = await createTestNats(suite);
  const config = testServiceConfig(db.url, nats);
  await migrateService(reportingRuntime(), config);
  return { db, nats, config };
}

export const testSettings: ReportingSettings = {
  ...reportingSettingsFromEnv({}),
  deadlineTickMs: 0,
};

/** Reporting's durable consumer on ROSTER, which keeps its roster replica. */
export const ROSTER_DURABLE = `${REPORTING_CONTEXT}-roster`;

/** Starts one replica of the service on the suite's database and namespace. */
export async function startReportingApp(
  infra: TestInfrastructure,
  clock: SettableClock,
  settings: ReportingSettings = testSettings,
): Promise<ReportingApp> {
  const app = await createServiceApp(
    ReportingModule.forRoot(infra.config, settings, { auth: { secret: SECRET }, clock }),
    'reporting',
    'test',
    ['error'],
  );
  await startConsumers(app, infra.config, REPORTING_CONTEXT, {
    ackWaitMs: 5000,
    redeliveryDelaysMs: [100],
  });
  await app.init();
  const token = (roles: Role[], scopes: string[], sub = 'office-1') =>
    `Bearer ${mintToken({ sub, name: sub, roles, scopes }, { secret: SECRET, expiresIn: '1h' })}`;
  const outbox = app.get(Outbox);
  return {
    app,
    config: infra.config,
    clock,
    pool: app.get<Pool>(PG_POOL),
    outbox,
    scheduler: app.get(DeadlineScheduler),
    http: () => request(app.getHttpServer()),
    token,
    office: token(['prevention-office'], ['*'], 'po-1'),
    caughtUp: () => outbox.catchUp(),
    close: () => app.close(),
  };
}
