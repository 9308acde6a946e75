import { CreateAuditLog1763870700000 } from './1763870700000-create-audit-log';
import { LighterLogIndexes1764374400000 } from './1764374400000-lighter-log-indexes';
import { ViewRevisions1765065600000 } from './1765065600000-view-revisions';

/** Audit's own migrations, after the event store's. Never edit one once committed. */
export const auditMigrations = [
  CreateAuditLog1763870700000,
  LighterLogIndexes1764374400000,
  ViewRevisions1765065600000,
];
