import { CreateAuditLog1763870700000 } from './1763870700000-create-audit-log';
import { LighterLogIndexes1764374400000 } from './1764374400000-lighter-log-indexes';

/** Audit's own migrations, after the event store's. Never edit one once committed. */
export const auditMigrations = [CreateAuditLog1763870700000, LighterLogIndexes1764374400000];
