import { PostgresAdapter, sql, type Kysely, type Migration } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

/**
 * A counter that moves whenever anything a signed-in principal is built from changes: users,
 * their clearinghouse roles, memberships, organizations, token revocation or expiry, session
 * removal. Servers cache principals and trust the cache only while the counter has not moved,
 * so a revoked token or a removed membership takes effect on the next request in every process.
 * Triggers (not application code) move it, so no write path can forget to.
 */
const WATCHED: { table: string; events: string[]; columns?: string[] }[] = [
  { table: 'users', events: ['UPDATE', 'DELETE'] },
  { table: 'user_global_roles', events: ['INSERT', 'UPDATE', 'DELETE'] },
  { table: 'memberships', events: ['INSERT', 'UPDATE', 'DELETE'] },
  { table: 'organizations', events: ['UPDATE', 'DELETE'] },
  {
    table: 'api_tokens',
    events: ['UPDATE', 'DELETE'],
    columns: ['revoked_at', 'expires_at', 'scope', 'user_id'],
  },
  { table: 'sessions', events: ['DELETE'] },
];

const triggerName = (table: string, event: string) => `auth_generation_${table}_${event.toLowerCase()}`;

export const authGeneration: Migration = {
  async up(db: AnyDb) {
    await db.schema
      .createTable('auth_generation')
      .addColumn('id', 'integer', (c) => c.primaryKey())
      .addColumn('value', 'integer', (c) => c.notNull())
      .execute();
    await db.insertInto('auth_generation').values({ id: 1, value: 0 }).execute();

    const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
    if (postgres) {
      await sql`create function bump_auth_generation() returns trigger language plpgsql as $$
        begin update auth_generation set value = value + 1 where id = 1; return null; end $$`.execute(db);
    }
    for (const w of WATCHED) {
      for (const event of w.events) {
        const on = event === 'UPDATE' && w.columns ? `UPDATE OF ${w.columns.join(', ')}` : event;
        const name = triggerName(w.table, event);
        await sql
          .raw(
            postgres
              ? `create trigger ${name} after ${on} on ${w.table} for each statement execute function bump_auth_generation()`
              : `create trigger ${name} after ${on} on ${w.table} begin update auth_generation set value = value + 1 where id = 1; end`,
          )
          .execute(db);
      }
    }
  },

  async down(db: AnyDb) {
    const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
    for (const w of WATCHED) {
      for (const event of w.events) {
        await sql
          .raw(`drop trigger ${triggerName(w.table, event)}${postgres ? ` on ${w.table}` : ''}`)
          .execute(db);
      }
    }
    if (postgres) await sql`drop function bump_auth_generation()`.execute(db);
    await db.schema.dropTable('auth_generation').execute();
  },
};
