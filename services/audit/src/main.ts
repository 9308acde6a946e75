import 'reflect-metadata';
import { createServiceApp, listen } from '@bulwark/runtime';
import { AuditModule } from './audit.module';
import { auditConfigFromEnv } from './config';

async function main(): Promise<void> {
  const config = auditConfigFromEnv();
  const app = await createServiceApp(
    AuditModule.forRoot(config),
    'Bulwark audit',
    'The audit trail: every context’s events in one hash-chained log; timelines, report chains, ' +
      'isolation, meals and volunteer views as of any instant. Read only, for auditors.',
  );
  await listen(app, config.port, 'audit');
}

void main().catch((error) => {
  console.error(error);
  process.exit(1);
});
