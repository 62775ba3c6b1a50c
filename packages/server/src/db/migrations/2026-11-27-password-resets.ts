import type { Kysely, Migration } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

/** One-time password reset links, stored as the SHA-256 of their token. */
export const passwordResets: Migration = {
  async up(db: AnyDb) {
    await db.schema
      .createTable('password_resets')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('token_hash', 'text', (c) => c.notNull().unique())
      .addColumn('expires_at', 'text', (c) => c.notNull())
      .addColumn('used_at', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('password_resets_user_idx')
      .on('password_resets')
      .columns(['user_id'])
      .execute();
  },
  async down(db: AnyDb) {
    await db.schema.dropTable('password_resets').execute();
  },
};
