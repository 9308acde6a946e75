import { resolve } from 'node:path';
import { connect } from '@nats-io/transport-node';
import {
  createTestDatabase,
  createTestNats,
  expectEventually,
  spawnScript,
  TestDatabase,
  TestNats,
} from '@bulwark/testing';
import { Pool } from 'pg';
import { Ingestion } from './ingestion';
import { auditConfigFor } from '../test-support/audit-app';
import { FakeService, startFakeService } from '../test-support/fake-service';
import { enrolled, meal, relocated } from '../test-support/fixtures';
import { liveViewDigests, logDigest } from '../verify/digests';
import { verifyLog } from '../verify/verify-log';
import { present } from '../test-support/present';

const CONTEXTS = ['roster', 'meals'];
const SCRIPT = resolve(__dirname, '../test-support/ingest-process.ts');

async function headOf(pool: Pool): Promise<number> {
  const { rows } = await pool.query<{ seq: string }>('SELECT seq FROM audit_chain_head');
  return Number(present(rows[0], 'the chain head').seq);
}

describe('audit ingestion killed mid-ingest (real PostgreSQL and NATS)', () => {
  let nats: TestNats;
  let roster: FakeService;
  let meals: FakeService;
  let total = 0;
  const dbs: TestDatabase[] = [];
  const pools: Pool[] = [];

  beforeAll(async () => {
    nats = await createTestNats('auditcrash');
    roster = await startFakeService('roster', 'auditcrash', nats);
    meals = await startFakeService('meals', 'auditcrash', nats);
    // 300 students, each enrolled then moved, and 3 meals each: 1,500 events on 2 streams.
    for (let i = 0; i < 300; i += 1) {
      const s = `C${String(i).padStart(4, '0')}`;
      const at = new Date(Date.UTC(2020, 1, 1, 0, i));
      await roster.append(`student-${s}`, [enrolled(s)], `office-${i % 7}`, at);
      await meals.append(
        `delivery-${s}`,
        [
          meal('MealDelivered', s, 'breakfast', '2020-02-03'),
          meal(i % 5 === 0 ? 'MealDeliveryFailed' : 'MealDelivered', s, 'lunch', '2020-02-03'),
          meal('MealDelivered', s, 'dinner', '2020-02-03'),
        ],
        `v-${i % 11}`,
        at,
      );
      await roster.append(`relocation-${s}`, [relocated(`R${i}`, [s])], 'office-2', at);
    }
    total = (await roster.publish()) + (await meals.publish());
    expect(total).toBe(1500);
  }, 120_000);

  afterAll(async () => {
    for (const p of pools) await p.end();
    for (const d of dbs) await d.drop();
    await roster?.close();
    await meals?.close();
    await nats?.removeStreams();
  });

  async function auditDb(name: string): Promise<{ db: TestDatabase; pool: Pool }> {
    const db = await createTestDatabase(`auditcrash_${name}`);
    await auditConfigFor(db, nats, CONTEXTS);
    const pool = new Pool({ connectionString: db.url, max: 4 });
    dbs.push(db);
    pools.push(pool);
    return { db, pool };
  }

  it('yields the same log and views as an uninterrupted run', async () => {
    // The uninterrupted run, in this process.
    const calm = await auditDb('calm');
    const nc = await connect({ servers: nats.url });
    const ingestion = new Ingestion({
      pool: calm.pool,
      nc,
      ns: { prefix: nats.prefix },
      contexts: CONTEXTS,
      consumer: 'calm',
      batchSize: 50,
    });
    ingestion.start();
    try {
      await expectEventually(async () => expect(await headOf(calm.pool)).toBe(total), {
        timeoutMs: 60_000,
      });
    } finally {
      await ingestion.stop();
      await nc.drain();
    }

    // The interrupted run: killed at each crash point in turn, and once at a random moment.
    const rough = await auditDb('rough');
    const env = {
      AUDIT_DATABASE_URL: rough.db.url,
      NATS_URL: nats.url,
      NATS_PREFIX: nats.prefix,
      AUDIT_CONTEXTS: CONTEXTS.join(','),
      AUDIT_CONSUMER: 'rough',
      AUDIT_BATCH_SIZE: '50',
    };
    const heads: number[] = [];
    for (const crashAt of [
      'audit.after-commit@3',
      'audit.before-commit@4',
      'audit.before-write@2',
      'audit.after-commit@5',
    ]) {
      const child = spawnScript(SCRIPT, { ...env, BULWARK_CRASH_AT: crashAt });
      const code = await child.exited;
      expect({ crashAt, code, output: code === 137 ? '' : child.output() }).toEqual({
        crashAt,
        code: 137,
        output: '',
      });
      heads.push(await headOf(rough.pool));
    }
    const killed = spawnScript(SCRIPT, env);
    await expectEventually(
      async () => expect(await headOf(rough.pool)).toBeGreaterThan(heads.at(-1)!),
      {
        timeoutMs: 30_000,
        intervalMs: 5,
      },
    );
    killed.kill('SIGKILL');
    await killed.exited;
    heads.push(await headOf(rough.pool));
    expect(heads.at(-1)).toBeLessThan(total);
    expect(heads.every((h, i) => h >= (heads[i - 1] ?? 0))).toBe(true);

    const last = spawnScript(SCRIPT, env);
    await expectEventually(async () => expect(await headOf(rough.pool)).toBe(total), {
      timeoutMs: 60_000,
    });
    last.kill('SIGTERM');
    await last.exited;

    const [a, b] = [await logDigest(calm.pool), await logDigest(rough.pool)];
    expect(b.entries).toBe(total);
    expect(b.content).toBe(a.content);
    expect(b.incidents).toBe('none');
    expect(a.incidents).toBe('none');
    expect(await liveViewDigests(rough.pool, 'portable')).toEqual(
      await liveViewDigests(calm.pool, 'portable'),
    );
    const verified = await verifyLog(rough.pool);
    expect(verified).toMatchObject({ ok: true, eventsChecked: total });
  }, 240_000);
});
