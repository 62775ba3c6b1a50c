import { z } from 'zod';
import { OrganizationKind, OrgRole, Sector } from '@clearinghouse/shared';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { fromJson, toJson } from '../../db/json.js';
import type { Dialect } from '../../db/database.js';

export const OrganizationRecord = z.object({
  id: z.string(),
  name: z.string(),
  kind: OrganizationKind,
  sectors: z.array(Sector),
  website: z.string().nullable(),
  contactEmail: z.string().nullable(),
  verifiedAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  clients: z.array(z.object({ id: z.string(), name: z.string(), kind: OrganizationKind })),
});
export type OrganizationRecord = z.infer<typeof OrganizationRecord>;

export const MemberRecord = z.object({
  userId: z.string(),
  email: z.string(),
  name: z.string(),
  role: OrgRole,
  joinedAt: z.string(),
});
export type MemberRecord = z.infer<typeof MemberRecord>;

type Row = Database['organizations'];

const likePattern = (q: string) => `%${q.toLowerCase().replace(/[%_\\]/g, (c) => `\\${c}`)}%`;

export class OrganizationsRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: Dialect,
  ) {}

  private async hydrate(rows: Row[]): Promise<OrganizationRecord[]> {
    if (rows.length === 0) return [];
    const clients = await this.db
      .selectFrom('organization_clients as c')
      .innerJoin('organizations as o', 'o.id', 'c.client_id')
      .select(['c.organization_id', 'o.id', 'o.name', 'o.kind'])
      .where(
        'c.organization_id',
        'in',
        rows.map((r) => r.id),
      )
      .orderBy('o.name')
      .execute();
    return rows.map((r) =>
      OrganizationRecord.parse({
        id: r.id,
        name: r.name,
        kind: r.kind,
        sectors: fromJson(z.array(z.string()), r.sectors),
        website: r.website,
        contactEmail: r.contact_email,
        verifiedAt: r.verified_at,
        createdAt: r.created_at,
        updatedAt: r.updated_at,
        clients: clients
          .filter((c) => c.organization_id === r.id)
          .map(({ id, name, kind }) => ({ id, name, kind })),
      }),
    );
  }

  async findById(id: string): Promise<OrganizationRecord | undefined> {
    const row = await this.db.selectFrom('organizations').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? (await this.hydrate([row]))[0] : undefined;
  }

  /** Names and sectors of several organizations in one query (for lists that show many). */
  async summaries(ids: readonly string[]): Promise<Map<string, { name: string; sectors: string[] }>> {
    const out = new Map<string, { name: string; sectors: string[] }>();
    if (ids.length === 0) return out;
    const rows = await this.db
      .selectFrom('organizations')
      .select(['id', 'name', 'sectors'])
      .where('id', 'in', [...new Set(ids)])
      .execute();
    for (const r of rows) out.set(r.id, { name: r.name, sectors: fromJson(z.array(z.string()), r.sectors) });
    return out;
  }

  async existingIds(ids: readonly string[]): Promise<string[]> {
    if (ids.length === 0) return [];
    const rows = await this.db.selectFrom('organizations').select('id').where('id', 'in', ids).execute();
    return rows.map((r) => r.id);
  }

  /** Keyset pages ordered by (name, id). `memberOf` limits to the given user's organizations. */
  async list(opts: {
    q?: string | undefined;
    kind?: string | undefined;
    memberUserId?: string | undefined;
    after?: [string, string] | undefined;
    limit: number;
  }): Promise<OrganizationRecord[]> {
    let query = this.db
      .selectFrom('organizations')
      .selectAll('organizations')
      .orderBy('name')
      .orderBy('id')
      .limit(opts.limit);
    if (opts.q)
      query = query.where(
        (eb) => sql<boolean>`lower(${eb.ref('name')}) like ${likePattern(opts.q ?? '')} escape '\\'`,
      );
    if (opts.kind) query = query.where('kind', '=', opts.kind);
    if (opts.memberUserId) {
      const userId = opts.memberUserId;
      query = query.where('id', 'in', (eb) =>
        eb.selectFrom('memberships').select('organization_id').where('user_id', '=', userId),
      );
    }
    if (opts.after) {
      const [name, id] = opts.after;
      query = query.where((eb) =>
        eb.or([eb('name', '>', name), eb.and([eb('name', '=', name), eb('id', '>', id)])]),
      );
    }
    return this.hydrate(await query.execute());
  }

  async insert(o: {
    id: string;
    name: string;
    kind: string;
    sectors: readonly string[];
    website: string | null;
    contactEmail: string | null;
    verifiedAt: string | null;
    now: string;
  }): Promise<void> {
    await this.db
      .insertInto('organizations')
      .values({
        id: o.id,
        name: o.name,
        kind: o.kind,
        sectors: toJson(o.sectors),
        website: o.website,
        contact_email: o.contactEmail,
        verified_at: o.verifiedAt,
        created_at: o.now,
        updated_at: o.now,
      })
      .execute();
  }

  async update(
    id: string,
    patch: Partial<{
      name: string;
      sectors: readonly string[];
      website: string | null;
      contactEmail: string | null;
      verifiedAt: string | null;
    }>,
    now: string,
  ): Promise<void> {
    await this.db
      .updateTable('organizations')
      .set({
        ...(patch.name !== undefined && { name: patch.name }),
        ...(patch.sectors !== undefined && { sectors: toJson(patch.sectors) }),
        ...(patch.website !== undefined && { website: patch.website }),
        ...(patch.contactEmail !== undefined && { contact_email: patch.contactEmail }),
        ...(patch.verifiedAt !== undefined && { verified_at: patch.verifiedAt }),
        updated_at: now,
      })
      .where('id', '=', id)
      .execute();
  }

  async replaceClients(orgId: string, clientIds: readonly string[], now: string): Promise<void> {
    await this.db.deleteFrom('organization_clients').where('organization_id', '=', orgId).execute();
    if (clientIds.length > 0) {
      await this.db
        .insertInto('organization_clients')
        .values(clientIds.map((client_id) => ({ organization_id: orgId, client_id, created_at: now })))
        .execute();
    }
  }

  /** Organizations that declared `orgIds` as their clients' provider, i.e. the clients of these orgs. */
  async clientIdsOf(orgIds: readonly string[]): Promise<string[]> {
    if (orgIds.length === 0) return [];
    const rows = await this.db
      .selectFrom('organization_clients')
      .select('client_id')
      .where('organization_id', 'in', orgIds)
      .execute();
    return [...new Set(rows.map((r) => r.client_id))];
  }

  // ---- memberships ----

  async members(orgId: string): Promise<MemberRecord[]> {
    const rows = await this.db
      .selectFrom('memberships as m')
      .innerJoin('users as u', 'u.id', 'm.user_id')
      .select(['u.id as userId', 'u.email', 'u.name', 'm.role', 'm.created_at as joinedAt'])
      .where('m.organization_id', '=', orgId)
      .orderBy('u.name')
      .execute();
    return rows.map((r) => MemberRecord.parse(r));
  }

  async findMember(orgId: string, userId: string): Promise<MemberRecord | undefined> {
    return (await this.members(orgId)).find((m) => m.userId === userId);
  }

  /**
   * The organization's admins, locked until the transaction ends (PostgreSQL: FOR UPDATE;
   * SQLite transactions are serialized already), so two concurrent demotions cannot both see
   * "someone else is still admin".
   */
  async lockAdmins(orgId: string): Promise<string[]> {
    let q = this.db
      .selectFrom('memberships')
      .select('user_id')
      .where('organization_id', '=', orgId)
      .where('role', '=', 'admin');
    if (this.dialect === 'postgres') q = q.forUpdate();
    return (await q.execute()).map((r) => r.user_id);
  }

  async addMember(m: {
    id: string;
    orgId: string;
    userId: string;
    role: string;
    now: string;
  }): Promise<void> {
    await this.db
      .insertInto('memberships')
      .values({
        id: m.id,
        organization_id: m.orgId,
        user_id: m.userId,
        role: m.role,
        created_at: m.now,
        updated_at: m.now,
      })
      .execute();
  }

  async setMemberRole(orgId: string, userId: string, role: string, now: string): Promise<void> {
    await this.db
      .updateTable('memberships')
      .set({ role, updated_at: now })
      .where('organization_id', '=', orgId)
      .where('user_id', '=', userId)
      .execute();
  }

  async removeMember(orgId: string, userId: string): Promise<void> {
    await this.db
      .deleteFrom('memberships')
      .where('organization_id', '=', orgId)
      .where('user_id', '=', userId)
      .execute();
  }
}
