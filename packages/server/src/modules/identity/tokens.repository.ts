import type { Kysely } from 'kysely';
import { z } from 'zod';
import { TokenScope } from '@clearinghouse/shared';
import type { Database } from '../../db/schema.js';

export const ApiTokenRecord = z.object({
  id: z.string(),
  userId: z.string(),
  name: z.string(),
  scope: TokenScope,
  prefix: z.string(),
  expiresAt: z.string().nullable(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
  createdAt: z.string(),
});
export type ApiTokenRecord = z.infer<typeof ApiTokenRecord>;

const columns = [
  'id',
  'user_id as userId',
  'name',
  'scope',
  'prefix',
  'expires_at as expiresAt',
  'last_used_at as lastUsedAt',
  'revoked_at as revokedAt',
  'created_at as createdAt',
] as const;

export class TokensRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async insert(t: ApiTokenRecord & { tokenHash: string }): Promise<void> {
    await this.db
      .insertInto('api_tokens')
      .values({
        id: t.id,
        user_id: t.userId,
        name: t.name,
        scope: t.scope,
        token_hash: t.tokenHash,
        prefix: t.prefix,
        expires_at: t.expiresAt,
        last_used_at: null,
        revoked_at: null,
        created_at: t.createdAt,
      })
      .execute();
  }

  /** A usable token by its hash: not revoked, not expired. */
  async findUsableByHash(hash: string, now: string): Promise<ApiTokenRecord | undefined> {
    const row = await this.db
      .selectFrom('api_tokens')
      .select(columns)
      .where('token_hash', '=', hash)
      .where('revoked_at', 'is', null)
      .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now)]))
      .executeTakeFirst();
    return row ? ApiTokenRecord.parse(row) : undefined;
  }

  async findById(id: string): Promise<ApiTokenRecord | undefined> {
    const row = await this.db
      .selectFrom('api_tokens')
      .select(columns)
      .where('id', '=', id)
      .executeTakeFirst();
    return row ? ApiTokenRecord.parse(row) : undefined;
  }

  async listForUser(userId: string): Promise<ApiTokenRecord[]> {
    const rows = await this.db
      .selectFrom('api_tokens')
      .select(columns)
      .where('user_id', '=', userId)
      .orderBy('created_at', 'desc')
      .execute();
    return rows.map((r) => ApiTokenRecord.parse(r));
  }

  async revoke(id: string, now: string): Promise<void> {
    await this.db
      .updateTable('api_tokens')
      .set({ revoked_at: now })
      .where('id', '=', id)
      .where('revoked_at', 'is', null)
      .execute();
  }

  async revokeAllForUser(userId: string, now: string): Promise<number> {
    const r = await this.db
      .updateTable('api_tokens')
      .set({ revoked_at: now })
      .where('user_id', '=', userId)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return Number(r.numUpdatedRows);
  }

  /** last_used_at is advisory; it is written at most once a minute per token to keep reads cheap. */
  async markUsed(id: string, now: string, notSince: string): Promise<void> {
    await this.db
      .updateTable('api_tokens')
      .set({ last_used_at: now })
      .where('id', '=', id)
      .where((eb) => eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<', notSince)]))
      .execute();
  }
}
