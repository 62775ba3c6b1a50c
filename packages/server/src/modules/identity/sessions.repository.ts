import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';

export interface SessionRecord {
  id: string;
  userId: string;
  csrfToken: string;
  createdAt: string;
  expiresAt: string;
  lastSeenAt: string;
}

/** Sessions (stored by the SHA-256 of the cookie value) and the sign-in attempts that throttle logins. */
export class SessionsRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async insert(s: SessionRecord & { ip: string | null; userAgent: string | null }): Promise<void> {
    await this.db
      .insertInto('sessions')
      .values({
        id: s.id,
        user_id: s.userId,
        csrf_token: s.csrfToken,
        ip: s.ip,
        user_agent: s.userAgent,
        created_at: s.createdAt,
        expires_at: s.expiresAt,
        last_seen_at: s.lastSeenAt,
      })
      .execute();
  }

  async findLive(id: string, now: string): Promise<SessionRecord | undefined> {
    const row = await this.db
      .selectFrom('sessions')
      .select(['id', 'user_id', 'csrf_token', 'created_at', 'expires_at', 'last_seen_at'])
      .where('id', '=', id)
      .where('expires_at', '>', now)
      .executeTakeFirst();
    return row
      ? {
          id: row.id,
          userId: row.user_id,
          csrfToken: row.csrf_token,
          createdAt: row.created_at,
          expiresAt: row.expires_at,
          lastSeenAt: row.last_seen_at,
        }
      : undefined;
  }

  async touch(id: string, now: string): Promise<void> {
    await this.db.updateTable('sessions').set({ last_seen_at: now }).where('id', '=', id).execute();
  }

  async delete(id: string): Promise<void> {
    await this.db.deleteFrom('sessions').where('id', '=', id).execute();
  }

  async deleteForUser(userId: string, exceptId?: string): Promise<void> {
    let q = this.db.deleteFrom('sessions').where('user_id', '=', userId);
    if (exceptId) q = q.where('id', '!=', exceptId);
    await q.execute();
  }

  async deleteExpired(now: string): Promise<number> {
    const r = await this.db.deleteFrom('sessions').where('expires_at', '<=', now).executeTakeFirst();
    return Number(r.numDeletedRows);
  }

  // ---- sign-in attempts ----

  async recordAttempt(a: {
    id: string;
    email: string;
    ip: string;
    succeeded: boolean;
    now: string;
  }): Promise<void> {
    await this.db
      .insertInto('login_attempts')
      .values({ id: a.id, email: a.email, ip: a.ip, succeeded: a.succeeded ? 1 : 0, created_at: a.now })
      .execute();
  }

  /** Failed attempts since `since`, and the time of the latest one, for an e-mail or an address. */
  async failuresSince(
    by: { email: string } | { ip: string },
    since: string,
  ): Promise<{ count: number; latest: string | null }> {
    let q = this.db
      .selectFrom('login_attempts')
      .select((eb) => [eb.fn.countAll().as('n'), eb.fn.max('created_at').as('latest')])
      .where('succeeded', '=', 0)
      .where('created_at', '>', since);
    q = 'email' in by ? q.where('email', '=', by.email) : q.where('ip', '=', by.ip);
    // A success resets the account's count: only failures after the last success count.
    if ('email' in by) {
      q = q.where((eb) =>
        eb(
          'created_at',
          '>',
          eb.fn.coalesce(
            eb
              .selectFrom('login_attempts as s')
              .select((e) => e.fn.max('s.created_at').as('m'))
              .where('s.email', '=', by.email)
              .where('s.succeeded', '=', 1),
            eb.val(''),
          ),
        ),
      );
    }
    const r = await q.executeTakeFirstOrThrow();
    // max() over no rows is NULL, whatever the column type says.
    const latest: unknown = r.latest;
    return { count: Number(r.n), latest: typeof latest === 'string' ? latest : null };
  }

  async pruneAttempts(before: string): Promise<void> {
    await this.db.deleteFrom('login_attempts').where('created_at', '<', before).execute();
  }
}
