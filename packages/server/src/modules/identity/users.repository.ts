import { z } from 'zod';
import {
  ClearanceLevel,
  GlobalRole,
  OrgRole as OrgRoleSchema,
  OrganizationKind,
} from '@clearinghouse/shared';
import { sql, type CompiledQuery, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { fromJson, toJson } from '../../db/json.js';

export const UserRecord = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  passwordHash: z.string().nullable(),
  totpSecret: z.string().nullable(),
  totpEnabledAt: z.string().nullable(),
  clearance: ClearanceLevel,
  compartments: z.array(z.string()),
  disabledAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  globalRoles: z.array(GlobalRole),
});
export type UserRecord = z.infer<typeof UserRecord>;

export const MembershipRecord = z.object({
  organizationId: z.string(),
  organizationName: z.string(),
  organizationKind: OrganizationKind,
  role: OrgRoleSchema,
});
export type MembershipRecord = z.infer<typeof MembershipRecord>;

type Row = Database['users'];

export class UsersRepository {
  constructor(private readonly db: Kysely<Database>) {}

  private async withRoles(rows: Row[]): Promise<UserRecord[]> {
    if (rows.length === 0) return [];
    const roles = await this.db
      .selectFrom('user_global_roles')
      .select(['user_id', 'role'])
      .where(
        'user_id',
        'in',
        rows.map((r) => r.id),
      )
      .execute();
    return rows.map((r) =>
      UserRecord.parse({
        id: r.id,
        email: r.email,
        name: r.name,
        passwordHash: r.password_hash,
        totpSecret: r.totp_secret,
        totpEnabledAt: r.totp_enabled_at,
        clearance: r.clearance,
        compartments: fromJson(z.array(z.string()), r.compartments),
        disabledAt: r.disabled_at,
        createdAt: r.created_at,
        updatedAt: r.updated_at,
        globalRoles: roles.filter((x) => x.user_id === r.id).map((x) => x.role),
      }),
    );
  }

  async findById(id: string): Promise<UserRecord | undefined> {
    const row = await this.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? (await this.withRoles([row]))[0] : undefined;
  }

  async findByEmail(email: string): Promise<UserRecord | undefined> {
    const row = await this.db
      .selectFrom('users')
      .selectAll()
      .where('email', '=', email.toLowerCase())
      .executeTakeFirst();
    return row ? (await this.withRoles([row]))[0] : undefined;
  }

  /** The counter identity-changing triggers move (see the auth-generation migration). */
  async authGeneration(): Promise<number> {
    // Read on every authenticated request: the query is compiled once and reused.
    this.generationQuery ??= this.db
      .selectFrom('auth_generation')
      .select('value')
      .where('id', '=', 1)
      .compile();
    const row = (await this.db.executeQuery(this.generationQuery)).rows[0];
    if (!row) throw new Error('auth_generation row missing: run migrations');
    return row.value;
  }
  private generationQuery: CompiledQuery<{ value: number }> | undefined;

  async count(): Promise<number> {
    const r = await this.db
      .selectFrom('users')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }

  async list(opts: {
    q?: string | undefined;
    afterId?: string | undefined;
    limit: number;
  }): Promise<UserRecord[]> {
    let query = this.db.selectFrom('users').selectAll().orderBy('id').limit(opts.limit);
    if (opts.afterId) query = query.where('id', '>', opts.afterId);
    if (opts.q) {
      const like = `%${opts.q.toLowerCase().replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
      query = query.where((eb) =>
        eb.or([
          sql<boolean>`lower(${eb.ref('email')}) like ${like} escape '\\'`,
          sql<boolean>`lower(${eb.ref('name')}) like ${like} escape '\\'`,
        ]),
      );
    }
    return this.withRoles(await query.execute());
  }

  async insert(u: {
    id: string;
    email: string;
    name: string;
    passwordHash: string | null;
    now: string;
  }): Promise<void> {
    await this.db
      .insertInto('users')
      .values({
        id: u.id,
        email: u.email.toLowerCase(),
        name: u.name,
        password_hash: u.passwordHash,
        password_changed_at: u.passwordHash ? u.now : null,
        totp_secret: null,
        totp_enabled_at: null,
        clearance: 'none',
        compartments: toJson([]),
        disabled_at: null,
        created_at: u.now,
        updated_at: u.now,
      })
      .execute();
  }

  async update(
    id: string,
    patch: Partial<{
      name: string;
      passwordHash: string;
      totpSecret: string | null;
      totpEnabledAt: string | null;
      clearance: ClearanceLevel;
      compartments: string[];
      disabledAt: string | null;
    }>,
    now: string,
  ): Promise<void> {
    await this.db
      .updateTable('users')
      .set({
        ...(patch.name !== undefined && { name: patch.name }),
        ...(patch.passwordHash !== undefined && {
          password_hash: patch.passwordHash,
          password_changed_at: now,
        }),
        ...(patch.totpSecret !== undefined && { totp_secret: patch.totpSecret }),
        ...(patch.totpEnabledAt !== undefined && { totp_enabled_at: patch.totpEnabledAt }),
        ...(patch.clearance !== undefined && { clearance: patch.clearance }),
        ...(patch.compartments !== undefined && { compartments: toJson(patch.compartments) }),
        ...(patch.disabledAt !== undefined && { disabled_at: patch.disabledAt }),
        updated_at: now,
      })
      .where('id', '=', id)
      .execute();
  }

  async setGlobalRoles(userId: string, roles: readonly GlobalRole[], now: string): Promise<void> {
    await this.db.deleteFrom('user_global_roles').where('user_id', '=', userId).execute();
    if (roles.length > 0) {
      await this.db
        .insertInto('user_global_roles')
        .values(roles.map((role) => ({ user_id: userId, role, created_at: now })))
        .execute();
    }
  }

  async memberships(userId: string): Promise<MembershipRecord[]> {
    const rows = await this.db
      .selectFrom('memberships as m')
      .innerJoin('organizations as o', 'o.id', 'm.organization_id')
      .select([
        'o.id as organizationId',
        'o.name as organizationName',
        'o.kind as organizationKind',
        'm.role',
      ])
      .where('m.user_id', '=', userId)
      .orderBy('o.name')
      .execute();
    return rows.map((r) => MembershipRecord.parse(r));
  }

  // ---- password resets ----

  async insertPasswordReset(r: {
    id: string;
    userId: string;
    tokenHash: string;
    expiresAt: string;
    now: string;
  }): Promise<void> {
    await this.db
      .insertInto('password_resets')
      .values({
        id: r.id,
        user_id: r.userId,
        token_hash: r.tokenHash,
        expires_at: r.expiresAt,
        used_at: null,
        created_at: r.now,
      })
      .execute();
  }

  /** Spends a live reset link; the user it was for, or undefined when unknown, used or expired. */
  async usePasswordReset(tokenHash: string, now: string): Promise<string | undefined> {
    const row = await this.db
      .updateTable('password_resets')
      .set({ used_at: now })
      .where('token_hash', '=', tokenHash)
      .where('used_at', 'is', null)
      .where('expires_at', '>', now)
      .returning('user_id')
      .executeTakeFirst();
    return row?.user_id;
  }

  // ---- two-factor ----

  /** Records that a code of `step` was used; false when that step (or a later one) already was. */
  async claimTotpStep(userId: string, step: number): Promise<boolean> {
    const r = await this.db
      .insertInto('totp_used_steps')
      .values({ user_id: userId, step })
      .onConflict((oc) =>
        oc
          .column('user_id')
          .doUpdateSet({ step: (eb) => eb.ref('excluded.step') })
          .where('totp_used_steps.step', '<', step),
      )
      .executeTakeFirst();
    return Number(r.numInsertedOrUpdatedRows ?? 0) === 1;
  }

  // ---- recovery codes ----

  async replaceRecoveryCodes(
    userId: string,
    codes: { id: string; hash: string }[],
    now: string,
  ): Promise<void> {
    await this.db.deleteFrom('recovery_codes').where('user_id', '=', userId).execute();
    if (codes.length > 0) {
      await this.db
        .insertInto('recovery_codes')
        .values(
          codes.map((c) => ({
            id: c.id,
            user_id: userId,
            code_hash: c.hash,
            used_at: null,
            created_at: now,
          })),
        )
        .execute();
    }
  }

  /** Marks the code used; true only when an unused code matched (so each works once). */
  async consumeRecoveryCode(userId: string, hash: string, now: string): Promise<boolean> {
    const result = await this.db
      .updateTable('recovery_codes')
      .set({ used_at: now })
      .where('user_id', '=', userId)
      .where('code_hash', '=', hash)
      .where('used_at', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async remainingRecoveryCodes(userId: string): Promise<number> {
    const r = await this.db
      .selectFrom('recovery_codes')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('user_id', '=', userId)
      .where('used_at', 'is', null)
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }
}
