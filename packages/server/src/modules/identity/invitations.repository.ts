import type { Kysely } from 'kysely';
import { z } from 'zod';
import { OrgRole } from '@clearinghouse/shared';
import type { Database } from '../../db/schema.js';

export const InvitationRecord = z.object({
  id: z.string(),
  organizationId: z.string(),
  email: z.string(),
  role: OrgRole,
  invitedBy: z.string().nullable(),
  expiresAt: z.string(),
  acceptedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
  createdAt: z.string(),
});
export type InvitationRecord = z.infer<typeof InvitationRecord>;

const columns = [
  'id',
  'organization_id as organizationId',
  'email',
  'role',
  'invited_by as invitedBy',
  'expires_at as expiresAt',
  'accepted_at as acceptedAt',
  'revoked_at as revokedAt',
  'created_at as createdAt',
] as const;

export class InvitationsRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async insert(i: InvitationRecord & { tokenHash: string }): Promise<void> {
    await this.db
      .insertInto('invitations')
      .values({
        id: i.id,
        organization_id: i.organizationId,
        email: i.email,
        role: i.role,
        token_hash: i.tokenHash,
        invited_by: i.invitedBy,
        expires_at: i.expiresAt,
        accepted_at: null,
        revoked_at: null,
        created_at: i.createdAt,
      })
      .execute();
  }

  async findById(id: string): Promise<InvitationRecord | undefined> {
    const row = await this.db
      .selectFrom('invitations')
      .select(columns)
      .where('id', '=', id)
      .executeTakeFirst();
    return row ? InvitationRecord.parse(row) : undefined;
  }

  async findByHash(hash: string): Promise<InvitationRecord | undefined> {
    const row = await this.db
      .selectFrom('invitations')
      .select(columns)
      .where('token_hash', '=', hash)
      .executeTakeFirst();
    return row ? InvitationRecord.parse(row) : undefined;
  }

  async listPending(orgId: string, now: string): Promise<InvitationRecord[]> {
    const rows = await this.db
      .selectFrom('invitations')
      .select(columns)
      .where('organization_id', '=', orgId)
      .where('accepted_at', 'is', null)
      .where('revoked_at', 'is', null)
      .where('expires_at', '>', now)
      .orderBy('created_at', 'desc')
      .execute();
    return rows.map((r) => InvitationRecord.parse(r));
  }

  /** True when this call accepted it (an invitation is used once). */
  async markAccepted(id: string, now: string): Promise<boolean> {
    const r = await this.db
      .updateTable('invitations')
      .set({ accepted_at: now })
      .where('id', '=', id)
      .where('accepted_at', 'is', null)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  async revoke(id: string, now: string): Promise<void> {
    await this.db.updateTable('invitations').set({ revoked_at: now }).where('id', '=', id).execute();
  }
}
