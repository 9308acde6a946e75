import type { Pool } from 'pg';
import type { DataSource } from 'typeorm';
import {
  eventStoreMigrations,
  type MigrationClass,
  poolOf,
  serviceDataSource,
} from '../store/data-source';
import { PostgresEventStore, EventStoreOptions } from '../store/postgres-event-store';

/** A migrated event store on the given database, for tests and crash scripts. */
export async function migratedStore(
  url: string,
  options: EventStoreOptions = {},
  extraMigrations: readonly MigrationClass[] = [],
): Promise<{ dataSource: DataSource; pool: Pool; store: PostgresEventStore }> {
  const dataSource = serviceDataSource({
    url,
    migrations: [...eventStoreMigrations, ...extraMigrations],
  });
  await dataSource.initialize();
  await dataSource.runMigrations({ transaction: 'each' });
  const pool = poolOf(dataSource);
  return { dataSource, pool, store: new PostgresEventStore(pool, options) };
}
