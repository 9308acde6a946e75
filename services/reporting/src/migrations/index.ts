import { CreateReportingReadModel1763870700000 } from './1763870700000-create-reporting-read-model';
import { RosterCopyToReplica1796601660000 } from './1796601660000-roster-copy-to-replica';

/**
 * Reporting's own migrations, after those of its runtime parts (event store, inbox, roster
 * replica). Never edit one once committed.
 */
export const reportingMigrations = [
  CreateReportingReadModel1763870700000,
  RosterCopyToReplica1796601660000,
];
