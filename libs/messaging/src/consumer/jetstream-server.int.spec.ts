import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import {
  captureNestLogs,
  createTestDatabase,
  createTestNats,
  expectEventually,
  spawnScript,
  TestDatabase,
  TestNats,
} from '@bulwark/testing';
import { jetstream, JetStreamClient, jetstreamManager, JetStreamManager } from '@nats-io/jetstream';
import { connect, NatsConnection } from '@nats-io/transport-node';
import { Pool } from 'pg';
import { CreateInbox1763870500000 } from '../migrations/1763870500000-create-inbox';
import { ensureContextStream, ensureDeadLetterStream } from '../streams/ensure-streams';
import { startLedgerConsumer } from '../test-support/ledger-consumer';

/** Short, so a message wrongly left unacked comes back within the test. */
const ACK_WAIT_MS = 2000;

describe('JetStreamServer: durable consumers as a Nest transport (real PostgreSQL and NATS)', () => {
  let db: TestDatabase;
  let nats: TestNats;
  let pool: Pool;
  let nc: NatsConnection;
  let js: JetStreamClient;
  let jsm: JetStreamManager;
  const streams: string[] = [];
  /** The suite's stream: 0 the context's, 1 DEADLETTER. */
  const stream = (i: 0 | 1): string => {
    const name = streams[i];
    if (!name) throw new Error(`stream ${i} not made yet`);
    return name;
  };

  beforeAll(async () => {
    db = await createTestDatabase('consumer');
    nats = await createTestNats('consumer');
    pool = new Pool({ connectionString: db.url });
    await new CreateInbox1763870500000().up({ query: (sql: string) => pool.query(sql) } as never);
    await pool.query('CREATE TABLE ledger_effects (event_id uuid NOT NULL)');
    await pool.query(
      'CREATE TABLE ledger_attempts (event_id uuid NOT NULL, delivery int NOT NULL)',
    );
    nc = await connect({ servers: nats.url });
    js = jetstream(nc);
    jsm = await jetstreamManager(nc);
    streams.push(await ensureContextStream(jsm, { prefix: nats.prefix }, 'ledger'));
    streams.push(await ensureDeadLetterStream(jsm, { prefix: nats.prefix }));
  });
  afterAll(async () => {
    for (const s of streams) await jsm.streams.delete(s).catch(() => undefined);
    await nc.drain();
    await pool.end();
    await db.drop();
  });

  async function post(mode: string): Promise<string> {
    const id = randomUUID();
    const envelope = {
      specversion: '1.0',
      id,
      source: 'urn:bulwark:ledger',
      type: 'bulwark.ledger.Posted.v1',
      subject: `acct-${id}`,
      time: new Date().toISOString(),
      datacontenttype: 'application/json',
      dataschema: 'urn:x',
      data: { mode },
      streamversion: 1,
      correlationid: id,
      causationid: null,
      actor: 't',
      commandid: null,
      prevhash: '0',
      hash: '1',
    };
    await js.publish(`${nats.prefix}.bulwark.ledger.Posted`, JSON.stringify(envelope), {
      msgID: id,
    });
    return id;
  }
  const count = async (table: string, id: string) =>
    Number(
      (await pool.query(`SELECT count(*) AS n FROM ${table} WHERE event_id = $1`, [id])).rows[0].n,
    );

  async function deadLetters(): Promise<{ subject: string; reason: string; id: string }[]> {
    const info = await jsm.streams.info(stream(1));
    const out = [];
    for (
      let seq = info.state.first_seq;
      info.state.messages > 0 && seq <= info.state.last_seq;
      seq++
    ) {
      const m = await jsm.streams.getMessage(stream(1), { seq });
      out.push({
        subject: m!.subject,
        reason: m!.header.get('Bulwark-Dead-Letter-Reason'),
        id: m!.json<{ id: string }>().id,
      });
    }
    return out;
  }

  it('acks a success once, redelivers a transient failure, dead-letters poison and hopeless messages', async () => {
    // Nest's warnings are the point of this test: kept and asserted, not printed.
    const logs = captureNestLogs();
    const consumer = await startLedgerConsumer(db.url, nats.url, nats.prefix, ACK_WAIT_MS);
    let ok: string, flaky: string, poison: string, hopeless: string;
    try {
      ok = await post('ok');
      flaky = await post('flaky');
      poison = await post('poison');
      hopeless = await post('always-fail');
      await expectEventually(
        async () => {
          expect(await count('ledger_effects', ok)).toBe(1);
          expect(await count('ledger_effects', flaky)).toBe(1);
          expect(await count('ledger_attempts', flaky)).toBe(3); // failed twice, redelivered, then worked
          expect(await count('ledger_attempts', hopeless)).toBe(4); // max deliver
          const dead = await deadLetters();
          expect(dead.map((d) => d.id).sort()).toEqual([poison, hopeless].sort());
        },
        { timeoutMs: 20_000 },
      );
      // A terminated message must not come back: nats-server 2.9 ignores `+TERM <reason>`, and
      // a message terminated that way was delivered again after the ack wait. Wait past it.
      await new Promise((r) => setTimeout(r, 2 * ACK_WAIT_MS + 500));
      expect(await count('ledger_attempts', poison)).toBe(1); // poison is never retried
      expect(await count('ledger_attempts', hopeless)).toBe(4);
      const info = await jsm.consumers.info(stream(0), 'ledgerkeeper-ledger');
      expect(info.num_ack_pending).toBe(0);
      expect(info.num_pending).toBe(0);
    } finally {
      await consumer.close();
      logs.restore();
    }
    const dead = await deadLetters();
    expect(dead).toHaveLength(2);
    const poisoned = dead.find((d) => d.id === poison)!;
    expect(poisoned.subject).toBe(`${nats.prefix}.bulwark.deadletter.ledgerkeeper.ledger.Posted`);
    expect(poisoned.reason).toBe('amount is not a number');
    expect(dead.find((d) => d.id === hopeless)!.reason).toBe('failed 4 times: canteen system down');
    expect(await count('ledger_effects', poison)).toBe(0);
    expect(await count('ledger_effects', hopeless)).toBe(0);
    // Each message is dead-lettered once (the dead-letter stream de-duplicates a second
    // publish by its msgID, so only the log shows one), and every failure is reported once.
    const warnings = logs.messages('warn').map((w) => w.replace(/ #\d+/, ''));
    const subject = `${nats.prefix}.bulwark.ledger.Posted`;
    expect(warnings.filter((w) => w.startsWith('dead-lettered')).sort()).toEqual([
      `dead-lettered ${subject}: amount is not a number`,
      `dead-lettered ${subject}: failed 4 times: canteen system down`,
    ]);
    expect(warnings.filter((w) => !w.startsWith('dead-lettered')).sort()).toEqual(
      [
        ...[1, 2].map((n) => `${subject} delivery ${n} failed: database hiccup`),
        `${subject} delivery 1 failed: amount is not a number`,
        ...[1, 2, 3, 4].map((n) => `${subject} delivery ${n} failed: canteen system down`),
      ].sort(),
    );
    expect(logs.messages('error')).toEqual([]);
  }, 40_000);

  it('killed after committing an effect but before acking, the redelivery changes nothing', async () => {
    const script = resolve(__dirname, '../test-support/ledger-consumer.ts');
    const id = await post('ok');
    const crashing = spawnScript(script, {
      DATABASE_URL: db.url,
      NATS_URL: nats.url,
      NATS_PREFIX: nats.prefix,
      BULWARK_CRASH_AT: 'consumer.after-commit',
    });
    expect(await crashing.exited).toBe(137);
    expect(await count('ledger_effects', id)).toBe(1);
    const consumer = await startLedgerConsumer(db.url, nats.url, nats.prefix, 2000);
    try {
      // The unacked message comes back after ack_wait; the inbox turns it away.
      await expectEventually(async () => expect(await count('ledger_attempts', id)).toBe(2), {
        timeoutMs: 15_000,
      });
      await expectEventually(async () => {
        const info = await jsm.consumers.info(stream(0), 'ledgerkeeper-ledger');
        expect(info.num_ack_pending).toBe(0);
        expect(info.num_pending).toBe(0);
      });
      expect(await count('ledger_effects', id)).toBe(1);
    } finally {
      await consumer.close();
    }
  }, 60_000);
});
