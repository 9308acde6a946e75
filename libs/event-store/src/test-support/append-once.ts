// Crash-test script: one idempotent command against the store, then exit. The test sets
// BULWARK_CRASH_AT to kill this process before or after the commit.
import { runCommand } from '../command/run-command';
import { migratedStore } from './migrated-store';

async function main(): Promise<void> {
  const { dataSource, store } = await migratedStore(process.env.DATABASE_URL!);
  const outcome = await runCommand(
    store,
    { actor: 'crash-test', commandId: process.env.COMMAND_ID },
    async (uow) => {
      await uow.load('ledger-1');
      uow.append('ledger-1', [{ type: 'Credited', data: { amount: 5 } }]);
      return { credited: 5 };
    },
  );
  process.stdout.write(
    JSON.stringify({ repeated: outcome.repeated, result: outcome.result }) + '\n',
  );
  await dataSource.destroy();
}

void main();
