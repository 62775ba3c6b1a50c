import type { Kysely, Migration } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

/** The last 30-second step whose two-factor code each user has used: a code works once. */
export const totpSteps: Migration = {
  async up(db: AnyDb) {
    await db.schema
      .createTable('totp_used_steps')
      .addColumn('user_id', 'text', (c) => c.primaryKey().references('users.id').onDelete('cascade'))
      .addColumn('step', 'integer', (c) => c.notNull())
      .execute();
  },
  async down(db: AnyDb) {
    await db.schema.dropTable('totp_used_steps').execute();
  },
};
