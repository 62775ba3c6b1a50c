import type { GlobalRole, User, UserUpdate } from '@clearinghouse/shared';
import type { UnitOfWork } from '../../db/unit-of-work.js';
import type { Clock } from '../../lib/clock.js';
import { AppError, notFound } from '../../lib/errors.js';
import { newId } from '../../lib/ids.js';
import { randomSecret } from '../../lib/secrets.js';
import { authorize } from '../../policy/policy.js';
import { system, type Principal } from '../../policy/principal.js';
import { recordAudit } from '../audit/record.js';
import { hashPassword } from './passwords.js';
import type { UserRecord } from './users.repository.js';

export function presentUser(u: UserRecord): User {
  return {
    id: u.id,
    email: u.email,
    name: u.name,
    globalRoles: u.globalRoles,
    clearance: u.clearance,
    compartments: u.compartments,
    totpEnabled: u.totpEnabledAt !== null,
    disabledAt: u.disabledAt,
    createdAt: u.createdAt,
  };
}

/** Accounts: clearinghouse roles, clearance and compartments, and the bootstrap admin. */
export class UsersService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
  ) {}

  async listUsers(
    principal: Principal,
    query: { q?: string | undefined; cursor?: string | undefined; limit: number },
  ) {
    authorize(principal, 'user.list', {});
    const rows = await this.uow.read.users.list({
      q: query.q,
      afterId: query.cursor,
      limit: query.limit + 1,
    });
    const page = rows.slice(0, query.limit);
    return {
      items: page.map(presentUser),
      nextCursor: rows.length > query.limit ? (page[page.length - 1]?.id ?? null) : null,
    };
  }

  async updateUser(principal: Principal, userId: string, input: UserUpdate): Promise<User> {
    authorize(principal, 'user.manage', { userId });
    const user = await this.uow.read.users.findById(userId);
    if (!user) throw notFound('User', userId);
    if (
      principal.kind === 'user' &&
      principal.userId === userId &&
      input.globalRoles &&
      !input.globalRoles.includes('admin')
    ) {
      throw new AppError('invalid_state', 'admin demoting self', {
        publicMessage: 'You cannot remove your own admin role.',
      });
    }
    const now = this.clock.now();
    await this.uow.transaction(async (r) => {
      await r.users.update(
        userId,
        {
          ...(input.name !== undefined && { name: input.name }),
          ...(input.clearance !== undefined && { clearance: input.clearance }),
          ...(input.compartments !== undefined && { compartments: [...new Set(input.compartments)] }),
          ...(input.disabled !== undefined && { disabledAt: input.disabled ? now.toISOString() : null }),
        },
        now.toISOString(),
      );
      if (input.globalRoles !== undefined)
        await r.users.setGlobalRoles(userId, [...new Set(input.globalRoles)], now.toISOString());
      if (input.disabled === true) await r.sessions.deleteForUser(userId);
      await recordAudit(
        r,
        principal,
        'user.updated',
        { targetType: 'user', targetId: userId, data: { changes: input } },
        now,
      );
    });
    const updated = await this.uow.read.users.findById(userId);
    if (!updated) throw notFound('User', userId);
    return presentUser(updated);
  }

  /**
   * Creates a user with global roles (the `create-admin` command and start-up bootstrap).
   * Returns the password, generated when none is given, so the caller can show it once.
   */
  async createUser(
    principal: Principal,
    input: {
      email: string;
      name: string;
      password?: string | undefined;
      globalRoles: GlobalRole[];
      organizationId?: string;
      orgRole?: 'admin' | 'member';
    },
  ): Promise<{ user: User; password: string }> {
    authorize(principal, 'user.manage', { userId: '' });
    const email = input.email.toLowerCase();
    if (await this.uow.read.users.findByEmail(email)) {
      throw new AppError('already_exists', `user ${email} exists`, {
        publicMessage: `A user with e-mail ${email} already exists.`,
      });
    }
    const password = input.password ?? randomSecret().slice(0, 24);
    const passwordHash = await hashPassword(password);
    const now = this.clock.now();
    const id = newId('user');
    await this.uow.transaction(async (r) => {
      await r.users.insert({ id, email, name: input.name, passwordHash, now: now.toISOString() });
      await r.users.setGlobalRoles(id, input.globalRoles, now.toISOString());
      if (input.organizationId) {
        await r.organizations.addMember({
          id: newId('membership'),
          orgId: input.organizationId,
          userId: id,
          role: input.orgRole ?? 'member',
          now: now.toISOString(),
        });
      }
      await recordAudit(
        r,
        principal,
        'user.created',
        {
          organizationId: input.organizationId ?? null,
          targetType: 'user',
          targetId: id,
          data: { email, globalRoles: input.globalRoles },
        },
        now,
      );
    });
    const user = await this.uow.read.users.findById(id);
    if (!user) throw notFound('User', id);
    return { user: presentUser(user), password };
  }

  /** On an empty database, creates the first admin. Returns the credentials to print, once. */
  async bootstrapAdmin(
    email: string,
    password: string | undefined,
  ): Promise<{ email: string; password: string; generated: boolean } | undefined> {
    if ((await this.uow.read.users.count()) > 0) return undefined;
    const { password: pw } = await this.createUser(system('bootstrap'), {
      email,
      name: 'Clearinghouse Admin',
      password,
      globalRoles: ['admin'],
    });
    return { email, password: pw, generated: password === undefined };
  }
}
