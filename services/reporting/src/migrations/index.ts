import { CreateReportingReadModel1763870700000 } from './1763870700000-create-reporting-read-model';

/** Reporting's own migrations, after the event store's and the inbox's. Never edit one once committed. */
export const reportingMigrations = [CreateReportingReadModel1763870700000];
