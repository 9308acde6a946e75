import { eventHash, GENESIS_HASH } from '@bulwark/event-store';
import { subjectOf, toCloudEvent } from '@bulwark/messaging';
import { jetstream } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { createTestNats, expectEventually, TestNats } from '@bulwark/testing';
import { main as cli } from '../cli/audit';
import { globalLink } from '../log/chains';
import { AuditApp, startAuditApp } from '../test-support/audit-app';
import { FakeService, startFakeService } from '../test-support/fake-service';
import { checkIn } from '../test-support/fixtures';
import { present } from '../test-support/present';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the CLI's JSON report, read by the test
type Report = Record<string, any>;

async function runCli(args: string[]): Promise<{ code: number; report: Report }> {
  const chunks: string[] = [];
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = ((chunk: string | Uint8Array) => {
    chunks.push(String(chunk));
    return true;
  }) as typeof process.stdout.write;
  try {
    const code = await cli([...args, '--quiet']);
    return { code, report: JSON.parse(chunks.join('')) };
  } finally {
    process.stdout.write = write;
  }
}

describe('audit integrity (real PostgreSQL and NATS)', () => {
  let nats: TestNats;
  let roster: FakeService;
  let a: AuditApp;
  let published = 0;

  beforeAll(async () => {
    nats = await createTestNats('auditintegrity');
    roster = await startFakeService('roster', 'auditintegrity', nats);
    a = await startAuditApp('auditintegrity', nats, ['roster']);
    for (let day = 1; day <= 5; day += 1)
      await roster.append('student-T1', [checkIn('T1', `2020-02-0${day}`)], 'T1');
    for (let day = 1; day <= 3; day += 1)
      await roster.append('student-T2', [checkIn('T2', `2020-02-0${day}`)], 'T2');
    published += await roster.publish();
    await a.logHolds(published);
  }, 60_000);

  // Whatever ERROR or WARN line a test provokes, it takes and asserts: none may be left over.
  afterEach(() => expect(a?.logs.take() ?? []).toEqual([]));

  afterAll(async () => {
    await a?.close();
    await roster?.close();
    await nats?.removeStreams();
  });

  /** The audit log's last position. */
  const logHead = async () =>
    Number(
      present(
        (await a.pool.query<{ seq: string }>('SELECT seq FROM audit_chain_head')).rows[0],
        'the chain head',
      ).seq,
    );

  /** Waits for the line ingestion logs for incidents up to log entry `seq`, and takes it. */
  async function incidentsLogged(n: number, seq: number): Promise<void> {
    const line = `ERROR [AuditIngestion] roster: ${n} integrity incident(s) up to log entry ${seq}`;
    await expectEventually(async () => expect(a.logs.lines).toContain(line));
    expect(a.logs.take()).toEqual([line]);
  }

  /** Publishes envelopes to roster's stream as someone other than its relay would. */
  async function publishToRoster(...envelopes: (string | Uint8Array)[]): Promise<void> {
    const nc = await connect({ servers: nats.url });
    try {
      const subject = subjectOf({ prefix: nats.prefix }, 'roster', 'CheckInSubmitted');
      for (const envelope of envelopes) await jetstream(nc).publish(subject, envelope);
    } finally {
      await nc.drain();
    }
  }

  const eventAt = async (stream: string, version: number) =>
    present(
      (
        await roster.pool.query<{ event_id: string; hash: string }>(
          'SELECT event_id, hash FROM events WHERE stream_id = $1 AND stream_version = $2',
          [stream, version],
        )
      ).rows[0],
      `${stream} v${version}`,
    );

  it('verifies an untouched log and store', async () => {
    const { code, report } = await runCli([
      'verify',
      '--database',
      a.db.url,
      '--store',
      roster.db.url,
    ]);
    expect(code).toBe(0);
    expect(report).toMatchObject({
      ok: true,
      log: { eventsChecked: 8, streamsChecked: 2 },
      stores: [{ ok: true, eventsChecked: 8, firstBroken: null }],
    });
  });

  it('finds an event tampered with in a service’s store, pointing at it', async () => {
    const target = await eventAt('student-T1', 3);
    await roster.pool.query(
      `UPDATE events SET data = jsonb_set(data, '{temperatureC}', '36.1') WHERE event_id = $1`,
      [target.event_id],
    );
    const { code, report } = await runCli([
      'verify',
      '--database',
      a.db.url,
      '--store',
      roster.db.url,
    ]);
    expect(code).toBe(2);
    expect(report.log.ok).toBe(true); // the audit log kept what was published
    expect(report.stores[0].firstBroken).toMatchObject({
      eventId: target.event_id,
      streamId: 'student-T1',
      streamVersion: 3,
      reason: 'hash-mismatch',
      storedHash: target.hash,
    });
    expect(report.stores[0].firstBroken.computedHash).not.toBe(target.hash);
  });

  it('raises an incident for an event that arrives with a broken hash, and /health shows it', async () => {
    await roster.append('student-T2', [checkIn('T2', '2020-02-04')], 'T2');
    const target = await eventAt('student-T2', 4);
    // Changed after it was written, before the relay published it.
    await roster.pool.query(
      `UPDATE events SET data = jsonb_set(data, '{day}', '"2020-02-14"') WHERE event_id = $1`,
      [target.event_id],
    );
    published += await roster.publish();
    await a.logHolds(published);
    await incidentsLogged(1, published);
    const incidents = (
      await a.http().get('/integrity/incidents').set('Authorization', a.auditor).expect(200)
    ).body.incidents;
    expect(incidents).toEqual([
      expect.objectContaining({
        kind: 'hash-mismatch',
        event_id: target.event_id,
        stream_id: 'student-T2',
        stream_version: 4,
        stored_hash: target.hash,
      }),
    ]);
    const health = await a.http().get('/health').expect(200);
    expect(health.body).toMatchObject({
      status: 'degraded',
      integrity: {
        status: 'breached',
        incidents: 1,
        firstIncident: { kind: 'hash-mismatch', event_id: target.event_id },
      },
    });
  });

  it('raises an incident for a gap in a stream', async () => {
    const last = present(
      (await roster.store.readStream('student-T2')).at(-1),
      'the last event of student-T2',
    );
    const forged = {
      ...last,
      eventId: '11111111-2222-4333-8444-555555555555',
      streamVersion: 7,
      prevHash: 'e'.repeat(64),
      occurredAt: new Date('2020-02-07T00:00:00Z'),
    };
    forged.hash = eventHash(forged.prevHash, forged);
    await publishToRoster(JSON.stringify(toCloudEvent('roster', forged)));
    await a.logHolds(published + 1);
    await incidentsLogged(1, published + 1);
    const incidents = (
      await a.http().get('/integrity/incidents').set('Authorization', a.auditor).expect(200)
    ).body.incidents;
    expect(incidents.at(-1)).toMatchObject({
      kind: 'version-gap',
      event_id: '11111111-2222-4333-8444-555555555555',
      stream_version: 7,
      expected: '5',
    });
  });

  it('finds an entry tampered with in the audit log, with the stored and the computed hash', async () => {
    const { rows } = await a.pool.query<{
      seq: string;
      event_id: string;
      chain_hash: string;
      hash: string;
    }>(
      `SELECT seq, event_id, chain_hash, hash FROM audit_log WHERE stream_id = 'student-T1' AND stream_version = 2`,
    );
    const target = present(rows[0], 'student-T1 v2 in the log');
    // What only someone who bypasses the append-only guard can do.
    await a.pool.query('ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only');
    await a.pool.query(
      `UPDATE audit_log SET envelope = jsonb_set(envelope::jsonb, '{data,temperatureC}', '35.0')::json WHERE seq = $1`,
      [target.seq],
    );
    await a.pool.query('ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only');
    const { code, report } = await runCli(['verify', '--database', a.db.url]);
    expect(code).toBe(2);
    expect(report.log.global.firstBroken).toMatchObject({
      chain: 'global',
      reason: 'chain-hash-mismatch',
      seq: Number(target.seq),
      eventId: target.event_id,
      storedHash: target.chain_hash,
    });
    expect(report.log.global.firstBroken.computedHash).not.toBe(target.chain_hash);
    expect(report.log.streams.firstBroken).toMatchObject({
      chain: 'stream',
      reason: 'hash-mismatch',
      eventId: target.event_id,
      streamId: 'student-T1',
      streamVersion: 2,
      storedHash: target.hash,
    });
  });

  it('logs an event published again (at a new stream sequence) once, and goes on', async () => {
    const before = await logHead();
    const incidentsBefore = (await a.pool.query('SELECT 1 FROM integrity_incidents')).rowCount;
    const first = present(
      (await roster.store.readStream('student-T1'))[0],
      'the first event of student-T1',
    );
    // A new event behind it: once it is in the log, the repeated one has been taken and skipped.
    const next = {
      ...first,
      eventId: '66666666-7777-4888-9999-000000000000',
      streamId: 'student-T3',
      streamVersion: 1,
      prevHash: GENESIS_HASH,
    };
    next.hash = eventHash(next.prevHash, next);
    // What a relay that restarted before recording a publication does: the same envelope again.
    await publishToRoster(
      JSON.stringify(toCloudEvent('roster', first)),
      JSON.stringify(toCloudEvent('roster', next)),
    );
    await a.logHolds(before + 1);
    const { rows } = await a.pool.query<{ n: string }>(
      'SELECT count(*) AS n FROM audit_log WHERE event_id = $1',
      [first.eventId],
    );
    expect(rows).toEqual([{ n: '1' }]);
    const last = await a.pool.query<{ stream_id: string }>(
      'SELECT stream_id FROM audit_log WHERE seq = $1',
      [before + 1],
    );
    expect(last.rows).toEqual([{ stream_id: 'student-T3' }]);
    expect((await a.pool.query('SELECT 1 FROM integrity_incidents')).rowCount).toBe(
      incidentsBefore,
    );
  });

  it('keeps an envelope byte for byte, whatever characters its text holds', async () => {
    const before = await logHead();
    const base = present(
      (await roster.store.readStream('student-T1'))[0],
      'the first event of student-T1',
    );
    const event = {
      ...base,
      eventId: '77777777-8888-4999-8aaa-bbbbbbbbbbbb',
      streamId: 'student-T4',
      streamVersion: 1,
      prevHash: GENESIS_HASH,
      data: {
        studentNumber: 'T"4\\x',
        note: 'tab\there, newline\nthere, back\\slash, quote " and \u00e9',
        classCode: 'c\\1',
      },
    };
    event.hash = eventHash(event.prevHash, event);
    // Pretty-printed with tabs: the whitespace, escapes and all, is what the log must keep.
    const raw = JSON.stringify(toCloudEvent('roster', event), null, '\t');
    await publishToRoster(raw);
    await a.logHolds(before + 1);
    const { rows } = await a.pool.query<{
      envelope: string;
      student_numbers: string[];
      unit_codes: string[];
    }>(
      'SELECT envelope::text AS envelope, student_numbers, unit_codes FROM audit_log WHERE event_id = $1',
      [event.eventId],
    );
    expect(rows).toEqual([{ envelope: raw, student_numbers: ['T"4\\x'], unit_codes: ['c\\1'] }]);
    const { report } = await runCli(['verify', '--database', a.db.url]);
    // The entry tampered with above still breaks the chain; this one links and hashes right.
    expect(report.log.streams.firstBroken.streamId).not.toBe('student-T4');
  });

  it('keeps the text decoded from an envelope whose bytes are not UTF-8, and links it by that text', async () => {
    const before = await logHead();
    const base = present(
      (await roster.store.readStream('student-T1'))[0],
      'the first event of student-T1',
    );
    const event = {
      ...base,
      eventId: '77777777-8888-4999-8aaa-cccccccccccc',
      streamId: 'student-T5',
      streamVersion: 1,
      prevHash: GENESIS_HASH,
      data: { studentNumber: 'T5', note: 'BXD' },
    };
    // 0xff can never appear in UTF-8: decoding turns it into U+FFFD, and that text is the entry
    const bytes = Buffer.from(JSON.stringify(toCloudEvent('roster', event)));
    bytes[bytes.indexOf('BXD') + 1] = 0xff;
    await publishToRoster(bytes);
    await a.logHolds(before + 1);
    // Its content is no longer what its hash was computed over: an incident, logged as such.
    await incidentsLogged(1, before + 1);
    const incident = await a.pool.query(
      'SELECT kind FROM integrity_incidents WHERE event_id = $1',
      [event.eventId],
    );
    expect(incident.rows).toEqual([{ kind: 'hash-mismatch' }]);
    const { rows } = await a.pool.query<{
      envelope: string;
      seq: string;
      stream_seq: string;
      chain_prev: string;
      chain_hash: string;
    }>(
      `SELECT envelope::text AS envelope, seq, stream_seq, chain_prev, chain_hash
         FROM audit_log WHERE event_id = $1`,
      [event.eventId],
    );
    const entry = present(rows[0], 'the entry');
    expect(entry.envelope).toBe(bytes.toString('utf8'));
    expect(entry.envelope).toContain('B\ufffdD');
    // the link is over the text the log keeps, as verify computes it
    const link = globalLink(entry.chain_prev, {
      seq: Number(entry.seq),
      context: 'roster',
      streamSeq: Number(entry.stream_seq),
      raw: entry.envelope,
    });
    expect(entry.chain_hash).toBe(link);
  });
});
