import type { Pool } from 'pg';
import { DataSource, type MigrationInterface } from 'typeorm';
import { CreateEventStore1763870400000 } from '../migrations/1763870400000-create-event-store';
import { SetBasedAppend1763942400000 } from '../migrations/1763942400000-set-based-append';
import { SingleStatementAppend1764028800000 } from '../migrations/1764028800000-single-statement-append';
import { StreamSnapshots1764201600000 } from '../migrations/1764201600000-stream-snapshots';

/** A TypeORM migration class, as a service or lib lists them. */
export type MigrationClass = new () => MigrationInterface;

/** The event store's own migrations; the runtime's event-store part runs them. */
export const eventStoreMigrations: readonly MigrationClass[] = [
  CreateEventStore1763870400000,
  SetBasedAppend1763942400000,
  SingleStatementAppend1764028800000,
  StreamSnapshots1764201600000,
];

export interface ServiceDatabaseOptions {
  url: string;
  migrations: readonly MigrationClass[];
  poolSize?: number;
  applicationName?: string;
}

/**
 * A service's database: a TypeORM DataSource (migrations, run by an explicit command, never
 * synchronize) whose pg pool the event store and read models share.
 */
export function serviceDataSource(options: ServiceDatabaseOptions): DataSource {
  return new DataSource({
    type: 'postgres',
    url: options.url,
    migrations: [...options.migrations],
    migrationsTableName: 'migrations',
    synchronize: false,
    migrationsRun: false,
    logging: ['error'],
    ...(options.applicationName ? { applicationName: options.applicationName } : {}),
    extra: {
      max: options.poolSize ?? 10,
      // Belt and braces with the database setting: never let a session pin the readers.
      options: '-c idle_in_transaction_session_timeout=60000',
    },
  });
}

/** The pg pool behind an initialized DataSource. */
export function poolOf(dataSource: DataSource): Pool {
  return (dataSource.driver as unknown as { master: Pool }).master;
}
