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

  async markAttemptSucceeded(id: string): Promise<void> {
    await this.db.updateTable('login_attempts').set({ succeeded: 1 }).where('id', '=', id).execute();
  }

  async deleteAttempt(id: string): Promise<void> {
    await this.db.deleteFrom('login_attempts').where('id', '=', id).execute();
  }

  /**
   * Failed attempts since `since` for an e-mail or an address, and the time of the latest one
   * before `before` (the attempt being judged is excluded from that, so a lockout is measured
   * from the failures that caused it). For an account, a success resets the count.
   */
  async failuresSince(
    by: { email: string } | { ip: string },
    since: string,
    before: string,
  ): Promise<{ count: number; latestBefore: string | null }> {
    let q = this.db
      .selectFrom('login_attempts')
      .select((eb) => [
        eb.fn.countAll().as('n'),
        eb.fn.max(eb.case().when('created_at', '<', before).then(eb.ref('created_at')).end()).as('latest'),
      ])
      .where('succeeded', '=', 0)
      .where('created_at', '>', since);
    q = 'email' in by ? q.where('email', '=', by.email) : q.where('ip', '=', by.ip);
    if ('email' in by) {
      // Ids are time-ordered and unique, so "after the last success" holds within one instant too.
      q = q.where((eb) =>
        eb(
          'id',
          '>',
          eb.fn.coalesce(
            eb
              .selectFrom('login_attempts as s')
              .select((e) => e.fn.max('s.id').as('m'))
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
    return { count: Number(r.n), latestBefore: typeof latest === 'string' ? latest : null };
  }

  async pruneAttempts(before: string): Promise<void> {
    await this.db.deleteFrom('login_attempts').where('created_at', '<', before).execute();
  }
}
