import { CreateAuditLog1763870700000 } from './1763870700000-create-audit-log';

/** Audit's own migrations, after the event store's. Never edit one once committed. */
export const auditMigrations = [CreateAuditLog1763870700000];
