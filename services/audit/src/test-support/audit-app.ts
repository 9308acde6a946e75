import type { INestApplication } from '@nestjs/common';
import { mintToken, type Role } from '@bulwark/auth';
import { createServiceApp, migrateService, PG_POOL, testServiceConfig } from '@bulwark/runtime';
import {
  captureNestLogs,
  createTestDatabase,
  expectEventually,
  TestDatabase,
  TestNats,
  type CapturedNestLogs,
} from '@bulwark/testing';
import type { Pool } from 'pg';
import request from 'supertest';
import { AuditModule, auditRuntime } from '../audit.module';
import type { AuditConfig } from '../config';
import { AuditIngestion } from '../log/audit-ingestion';

const SECRET = 'audit-test-secret';

/** A real audit service on its own database, ingesting the suite's NATS namespace. */
export interface AuditApp {
  app: INestApplication;
  pool: Pool;
  config: AuditConfig;
  db: TestDatabase;
  ingestion: AuditIngestion;
  /** What the app logged: a test takes the ERROR and WARN lines it provokes and asserts them. */
  logs: CapturedNestLogs;
  http: () => ReturnType<typeof request>;
  token(roles: Role[], sub?: string): string;
  /** Authorization header value of an auditor. */
  auditor: string;
  /** Waits until the log holds `entries` entries. */
  logHolds(entries: number): Promise<void>;
  close(): Promise<void>;
}

export async function auditConfigFor(
  db: TestDatabase,
  nats: TestNats,
  contexts: string[],
  extra: Partial<AuditConfig> = {},
): Promise<AuditConfig> {
  const config: AuditConfig = {
    ...testServiceConfig(db.url, nats),
    contexts,
    consumer: 'audit',
    batchSize: 200,
    ingest: true,
    ...extra,
  };
  await migrateService(auditRuntime(), config);
  return config;
}

export async function startAuditApp(
  suite: string,
  nats: TestNats,
  contexts: string[],
): Promise<AuditApp> {
  const db = await createTestDatabase(`${suite}_audit`);
  const config = await auditConfigFor(db, nats, contexts);
  const logs = captureNestLogs();
  const app = await createServiceApp(
    AuditModule.forRoot(config, { secret: SECRET }),
    'audit',
    'test',
    ['error', 'warn'],
  );
  await app.init();
  const pool = app.get<Pool>(PG_POOL);
  const token = (roles: Role[], sub = 'auditor-1') =>
    `Bearer ${mintToken({ sub, name: sub, roles, scopes: ['*'] }, { secret: SECRET, expiresIn: '1h' })}`;
  return {
    app,
    db,
    config,
    pool,
    ingestion: app.get(AuditIngestion),
    logs,
    http: () => request(app.getHttpServer()),
    token,
    auditor: token(['auditor']),
    async logHolds(entries) {
      await expectEventually(
        async () => {
          const { rows } = await pool.query<{ seq: string }>('SELECT seq FROM audit_chain_head');
          expect(rows.map((r) => Number(r.seq))).toEqual([entries]);
        },
        { timeoutMs: 30_000 },
      );
    },
    async close() {
      await app.close();
      logs.restore();
      await db.drop();
    },
  };
}
