import { CreateRosterReadModel1763870600000 } from './1763870600000-create-roster-read-model';

/** Roster's own migrations, after the event store's. Never edit one once committed. */
export const rosterMigrations = [CreateRosterReadModel1763870600000];
