// Crash-test script: the audit ingestion alone (no Nest), run until killed. Tests kill it with
// BULWARK_CRASH_AT (audit.before-write, audit.before-commit, audit.after-commit) or SIGKILL.
import { connect } from '@nats-io/transport-node';
import { Pool } from 'pg';
import { Ingestion } from '../log/ingestion';

async function main(): Promise<void> {
  const pool = new Pool({ connectionString: process.env.AUDIT_DATABASE_URL!, max: 4 });
  pool.on('error', (e) => process.stderr.write(`idle connection lost: ${e.message}\n`));
  const nc = await connect({ servers: process.env.NATS_URL! });
  const ingestion = new Ingestion({
    pool,
    nc,
    ns: { prefix: process.env.NATS_PREFIX! },
    contexts: process.env.AUDIT_CONTEXTS!.split(','),
    consumer: process.env.AUDIT_CONSUMER!,
    batchSize: Number(process.env.AUDIT_BATCH_SIZE ?? 50),
    retryMs: 200,
    onError: (context, e) => process.stderr.write(`${context}: ${(e as Error).message}\n`),
  });
  ingestion.start();
  process.on('SIGTERM', () => {
    void ingestion
      .stop()
      .then(() => nc.drain())
      .then(() => pool.end())
      .then(() => process.exit(0));
  });
}

void main().catch((error) => {
  console.error(error);
  process.exit(1);
});
