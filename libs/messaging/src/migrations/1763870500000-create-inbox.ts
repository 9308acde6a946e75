import { MigrationInterface, QueryRunner } from 'typeorm';

/** Events a consumer has already applied, written in the same transaction as the effect. */
export class CreateInbox1763870500000 implements MigrationInterface {
  name = 'CreateInbox1763870500000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE inbox (
        consumer     text        NOT NULL,
        event_id     uuid        NOT NULL,
        subject      text        NOT NULL,
        processed_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (consumer, event_id)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE inbox');
  }
}
