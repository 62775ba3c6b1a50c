import type {
  Member,
  Organization,
  OrganizationCreate,
  OrganizationKind,
  OrganizationUpdate,
  OrgRole,
} from '@clearinghouse/shared';
import type { Repositories, UnitOfWork } from '../../db/unit-of-work.js';
import { decodeCursor, encodeCursor } from '../../db/json.js';
import type { Clock } from '../../lib/clock.js';
import { AppError, notFound } from '../../lib/errors.js';
import { newId } from '../../lib/ids.js';
import { authorize, can } from '../../policy/policy.js';
import type { Principal, UserPrincipal } from '../../policy/principal.js';
import { recordAudit } from '../audit/record.js';
import type { OrganizationRecord } from './organizations.repository.js';

export function presentOrganization(o: OrganizationRecord): Organization {
  return { ...o };
}

export interface OrganizationPage {
  items: Organization[];
  nextCursor: string | null;
}

/** Organizations, their declared clients and their members. */
export class OrganizationsService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
  ) {}

  async createOrganization(principal: Principal, input: OrganizationCreate): Promise<Organization> {
    authorize(principal, 'org.create', { kind: input.kind });
    const now = this.clock.now();
    const id = newId('organization');
    const creatorIsAdmin =
      principal.kind === 'system' || (principal.kind === 'user' && principal.globalRoles.has('admin'));
    await this.uow.transaction(async (r) => {
      await r.organizations.insert({
        id,
        name: input.name,
        kind: input.kind,
        sectors: [...new Set(input.sectors)],
        website: input.website ?? null,
        contactEmail: input.contactEmail ?? null,
        // Organizations registered by clearinghouse admins are verified; self-registered ones wait.
        verifiedAt: creatorIsAdmin ? now.toISOString() : null,
        now: now.toISOString(),
      });
      if (principal.kind === 'user') {
        await r.organizations.addMember({
          id: newId('membership'),
          orgId: id,
          userId: principal.userId,
          role: 'admin',
          now: now.toISOString(),
        });
      }
      await recordAudit(
        r,
        principal,
        'org.created',
        {
          organizationId: id,
          targetType: 'organization',
          targetId: id,
          data: { name: input.name, kind: input.kind },
        },
        now,
      );
    });
    return presentOrganization(await this.mustFind(id));
  }

  async listOrganizations(
    principal: UserPrincipal,
    query: {
      q?: string | undefined;
      kind?: OrganizationKind | undefined;
      mine?: boolean;
      cursor?: string | undefined;
      limit: number;
    },
  ): Promise<OrganizationPage> {
    const mineOnly = query.mine === true || !can(principal, 'org.list', {});
    const after = decodeCursor(query.cursor);
    if (
      query.cursor !== undefined &&
      (after?.length !== 2 || typeof after[0] !== 'string' || typeof after[1] !== 'string')
    ) {
      throw new AppError('validation_failed', 'bad cursor', {
        details: [{ path: 'cursor', message: 'Not a cursor this API issued.' }],
      });
    }
    const rows = await this.uow.read.organizations.list({
      q: query.q,
      kind: query.kind,
      memberUserId: mineOnly ? principal.userId : undefined,
      after: after as [string, string] | undefined,
      limit: query.limit + 1,
    });
    const page = rows.slice(0, query.limit);
    const last = page[page.length - 1];
    return {
      items: page.map(presentOrganization),
      nextCursor: rows.length > query.limit && last ? encodeCursor([last.name, last.id]) : null,
    };
  }

  async getOrganization(principal: UserPrincipal, id: string): Promise<Organization> {
    const org = await this.uow.read.organizations.findById(id);
    if (!org || !can(principal, 'org.read', { orgId: id })) throw notFound('Organization', id);
    return presentOrganization(org);
  }

  async updateOrganization(
    principal: Principal,
    id: string,
    input: OrganizationUpdate,
  ): Promise<Organization> {
    const org = await this.uow.read.organizations.findById(id);
    if (!org || !can(principal, 'org.read', { orgId: id })) throw notFound('Organization', id);
    authorize(principal, 'org.update', { orgId: id });
    if (input.verified !== undefined) authorize(principal, 'org.verify', { orgId: id });

    if (input.clientIds !== undefined) {
      const wanted = [...new Set(input.clientIds)];
      const existing = new Set(await this.uow.read.organizations.existingIds(wanted));
      const problems = wanted.flatMap((cid, i) =>
        cid === id
          ? [{ path: `clientIds.${i}`, message: 'An organization cannot be its own client.' }]
          : existing.has(cid)
            ? []
            : [{ path: `clientIds.${i}`, message: `No organization ${cid}.` }],
      );
      if (problems.length > 0)
        throw new AppError('validation_failed', 'bad client ids', { details: problems });
    }

    const now = this.clock.now();
    const verifiedAt =
      input.verified === undefined
        ? undefined
        : input.verified
          ? (org.verifiedAt ?? now.toISOString())
          : null;
    await this.uow.transaction(async (r) => {
      await r.organizations.update(
        id,
        {
          ...(input.name !== undefined && { name: input.name }),
          ...(input.sectors !== undefined && { sectors: [...new Set(input.sectors)] }),
          ...(input.website !== undefined && { website: input.website }),
          ...(input.contactEmail !== undefined && { contactEmail: input.contactEmail }),
          ...(verifiedAt !== undefined && { verifiedAt }),
        },
        now.toISOString(),
      );
      if (input.clientIds !== undefined)
        await r.organizations.replaceClients(id, [...new Set(input.clientIds)], now.toISOString());
      await recordAudit(
        r,
        principal,
        'org.updated',
        { organizationId: id, targetType: 'organization', targetId: id, data: { changes: input } },
        now,
      );
    });
    return presentOrganization(await this.mustFind(id));
  }

  async listMembers(principal: UserPrincipal, orgId: string): Promise<Member[]> {
    await this.assertVisible(principal, orgId);
    authorize(principal, 'org.members.read', { orgId });
    return this.uow.read.organizations.members(orgId);
  }

  async changeMemberRole(
    principal: UserPrincipal,
    orgId: string,
    userId: string,
    role: OrgRole,
  ): Promise<Member> {
    await this.assertVisible(principal, orgId);
    authorize(principal, 'org.members.manage', { orgId });
    const member = await this.uow.read.organizations.findMember(orgId, userId);
    if (!member) throw notFound('Member', userId);
    const now = this.clock.now();
    await this.uow.transaction(async (r) => {
      if (role !== 'admin') await assertAnotherAdmin(r, orgId, userId);
      await r.organizations.setMemberRole(orgId, userId, role, now.toISOString());
      await recordAudit(
        r,
        principal,
        'org.member_role_changed',
        {
          organizationId: orgId,
          targetType: 'user',
          targetId: userId,
          data: { from: member.role, to: role },
        },
        now,
      );
    });
    return { ...member, role };
  }

  async removeMember(principal: UserPrincipal, orgId: string, userId: string): Promise<void> {
    await this.assertVisible(principal, orgId);
    // Anyone may leave; removing someone else takes an org admin.
    if (userId !== principal.userId) authorize(principal, 'org.members.manage', { orgId });
    const member = await this.uow.read.organizations.findMember(orgId, userId);
    if (!member) throw notFound('Member', userId);
    const now = this.clock.now();
    await this.uow.transaction(async (r) => {
      await assertAnotherAdmin(r, orgId, userId);
      await r.organizations.removeMember(orgId, userId);
      await recordAudit(
        r,
        principal,
        'org.member_removed',
        { organizationId: orgId, targetType: 'user', targetId: userId, data: { email: member.email } },
        now,
      );
    });
  }

  private async assertVisible(principal: UserPrincipal, orgId: string): Promise<void> {
    const exists = (await this.uow.read.organizations.existingIds([orgId])).length === 1;
    if (!exists || !can(principal, 'org.read', { orgId })) throw notFound('Organization', orgId);
  }

  private async mustFind(id: string): Promise<OrganizationRecord> {
    const org = await this.uow.read.organizations.findById(id);
    if (!org) throw notFound('Organization', id);
    return org;
  }
}

/** Inside the transaction: refuse to leave the organization without an admin. */
async function assertAnotherAdmin(r: Repositories, orgId: string, leavingUserId: string): Promise<void> {
  const admins = await r.organizations.lockAdmins(orgId);
  if (admins.includes(leavingUserId) && admins.length <= 1) {
    throw new AppError('invalid_state', 'last admin', {
      publicMessage: 'An organization needs at least one admin. Make someone else admin first.',
    });
  }
}
