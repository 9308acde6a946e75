import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Which revision of a view's definition (its columns and rules) each version was built with,
 * so a deployment whose projection changed rebuilds that view blue/green on its own (at
 * migrate and before ingesting) instead of feeding new facts into a table built by the old
 * rules. Every version built so far was built with revision 1.
 * Also `audit_try_instant`: an ISO 8601 instant with its offset, or null, never an error, so
 * a malformed instant in one event cannot stop ingestion.
 * Never edit once committed: add a new migration instead.
 */
export class ViewRevisions1765065600000 implements MigrationInterface {
  name = 'ViewRevisions1765065600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE view_versions ADD COLUMN revision integer NOT NULL DEFAULT 1');
    // Plain SQL (inlined by the planner), no exception block; STABLE, as a text cast to an
    // instant is.
    await q.query(`
      CREATE FUNCTION audit_try_instant(t text) RETURNS timestamptz LANGUAGE sql STABLE PARALLEL SAFE AS $fn$
        SELECT CASE WHEN t ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}T([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\\.[0-9]{1,9})?)?(Z|[+-]([01][0-9]|2[0-3]):?[0-5][0-9])$'
                     AND audit_try_date(left(t, 10)) IS NOT NULL
                    THEN t::timestamptz END
      $fn$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP FUNCTION audit_try_instant(text)');
    await q.query('ALTER TABLE view_versions DROP COLUMN revision');
  }
}
