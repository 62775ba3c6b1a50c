import type {
  Invitation,
  InvitationAccept,
  InvitationCreate,
  InvitationPreview,
} from '@clearinghouse/shared';
import type { UnitOfWork } from '../../db/unit-of-work.js';
import { enqueue } from '../../jobs/enqueue.js';
import type { Clock } from '../../lib/clock.js';
import { AppError, notFound } from '../../lib/errors.js';
import { newId } from '../../lib/ids.js';
import { randomSecret, sha256Hex } from '../../lib/secrets.js';
import { SEND_MAIL } from '../../mail/mailer.js';
import { authorize, can } from '../../policy/policy.js';
import { anonymous, type Principal, type UserPrincipal } from '../../policy/principal.js';
import { recordAudit } from '../audit/record.js';
import type { InvitationRecord } from './invitations.repository.js';
import { hashPassword } from './passwords.js';

const INVITATION_TTL_DAYS = 14;

/** How an organization's kind reads in a sentence (the clearinghouse needs no label). */
const KIND_LABEL: Record<string, string> = {
  vendor: 'vendor',
  operator: 'operator',
  ai_developer: 'AI developer',
  researcher: 'researchers',
  government: 'government',
};

const longDate = (iso: string) =>
  `${new Date(iso).toLocaleDateString('en-US', { timeZone: 'UTC', day: 'numeric', month: 'long', year: 'numeric' })} (UTC)`;

export function presentInvitation(i: InvitationRecord): Invitation {
  return { ...i };
}

const invalid = () =>
  new AppError('invitation_invalid', 'invitation token unknown, used, revoked or expired', {
    publicMessage:
      'This invitation link is not valid: it may have expired, been used or been withdrawn. Ask for a new one.',
  });

/** Invitations into an organization by e-mail, accepted through a one-time link. */
export class InvitationsService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
    private readonly publicUrl: string,
    private readonly onEnqueued: () => void = () => undefined,
  ) {}

  async inviteMember(principal: UserPrincipal, orgId: string, input: InvitationCreate): Promise<Invitation> {
    const org = await this.uow.read.organizations.findById(orgId);
    if (!org || !can(principal, 'org.read', { orgId })) throw notFound('Organization', orgId);
    authorize(principal, 'org.invite', { orgId });
    const email = input.email.toLowerCase();
    const existingUser = await this.uow.read.users.findByEmail(email);
    if (existingUser && (await this.uow.read.organizations.findMember(orgId, existingUser.id))) {
      throw new AppError('already_exists', 'already a member', {
        publicMessage: `${email} is already a member of ${org.name}.`,
        details: [{ path: 'email', message: 'Already a member.' }],
      });
    }
    const now = this.clock.now();
    const token = randomSecret();
    const record: InvitationRecord = {
      id: newId('invitation'),
      organizationId: orgId,
      email,
      role: input.role,
      invitedBy: principal.userId,
      expiresAt: new Date(now.getTime() + INVITATION_TTL_DAYS * 86_400_000).toISOString(),
      acceptedAt: null,
      revokedAt: null,
      createdAt: now.toISOString(),
    };
    const link = `${this.publicUrl}/invitations/accept?token=${encodeURIComponent(token)}`;
    await this.uow.transaction(async (r) => {
      // A new invitation to the same address replaces any still pending.
      for (const pending of await r.invitations.listPending(orgId, now.toISOString())) {
        if (pending.email === email) await r.invitations.revoke(pending.id, now.toISOString());
      }
      await r.invitations.insert({ ...record, tokenHash: sha256Hex(token) });
      await enqueue(
        r,
        SEND_MAIL,
        {
          to: email,
          subject: `You are invited to join ${org.name} on Clearinghouse`,
          text: [
            `${principal.email} invited you to join ${org.name}${KIND_LABEL[org.kind] ? ` (${KIND_LABEL[org.kind]})` : ''} on Clearinghouse as ${input.role === 'admin' ? 'an admin' : 'a member'}.`,
            '',
            'Accept the invitation and set your password here:',
            link,
            '',
            `The link works once and expires on ${longDate(record.expiresAt)}.`,
            'If you did not expect this e-mail, ignore it.',
          ].join('\n'),
        },
        { now, idempotencyKey: `invitation:${record.id}` },
      );
      await recordAudit(
        r,
        principal,
        'org.invitation_created',
        {
          organizationId: orgId,
          targetType: 'invitation',
          targetId: record.id,
          data: { email, role: input.role },
        },
        now,
      );
    });
    this.onEnqueued();
    return presentInvitation(record);
  }

  async listInvitations(principal: UserPrincipal, orgId: string): Promise<Invitation[]> {
    const org = await this.uow.read.organizations.findById(orgId);
    if (!org || !can(principal, 'org.read', { orgId })) throw notFound('Organization', orgId);
    authorize(principal, 'org.invite', { orgId });
    return (await this.uow.read.invitations.listPending(orgId, this.clock.now().toISOString())).map(
      presentInvitation,
    );
  }

  async revokeInvitation(principal: UserPrincipal, orgId: string, invitationId: string): Promise<void> {
    const inv = await this.uow.read.invitations.findById(invitationId);
    if (inv?.organizationId !== orgId || !can(principal, 'org.read', { orgId }))
      throw notFound('Invitation', invitationId);
    authorize(principal, 'org.invite', { orgId });
    const now = this.clock.now();
    await this.uow.transaction(async (r) => {
      await r.invitations.revoke(invitationId, now.toISOString());
      await recordAudit(
        r,
        principal,
        'org.invitation_revoked',
        { organizationId: orgId, targetType: 'invitation', targetId: invitationId },
        now,
      );
    });
  }

  private async usable(token: string): Promise<InvitationRecord> {
    const inv = await this.uow.read.invitations.findByHash(sha256Hex(token));
    const now = this.clock.now().toISOString();
    if (!inv || inv.acceptedAt !== null || inv.revokedAt !== null || inv.expiresAt <= now) throw invalid();
    return inv;
  }

  async previewInvitation(token: string): Promise<InvitationPreview> {
    const inv = await this.usable(token);
    const org = await this.uow.read.organizations.findById(inv.organizationId);
    if (!org) throw invalid();
    return {
      organization: { id: org.id, name: org.name, kind: org.kind },
      email: inv.email,
      role: inv.role,
      accountExists: (await this.uow.read.users.findByEmail(inv.email)) !== undefined,
      expiresAt: inv.expiresAt,
    };
  }

  /**
   * Possession of the e-mailed token proves the address. A new account sets its name and
   * password here; an existing account simply gains the membership.
   */
  async acceptInvitation(
    input: InvitationAccept,
    ip: string | null,
  ): Promise<{ userId: string; organizationId: string }> {
    const inv = await this.usable(input.token);
    const existing = await this.uow.read.users.findByEmail(inv.email);
    if (!existing) {
      const details = [
        ...(input.name ? [] : [{ path: 'name', message: 'Your name is required to create the account.' }]),
        ...(input.password
          ? []
          : [{ path: 'password', message: 'Choose a password (at least 12 characters).' }]),
      ];
      if (details.length > 0)
        throw new AppError('validation_failed', 'new account needs name and password', { details });
    }
    const passwordHash = existing ? null : await hashPassword(input.password ?? '');
    const now = this.clock.now();
    const userId = existing?.id ?? newId('user');
    await this.uow.transaction(async (r) => {
      if (!(await r.invitations.markAccepted(inv.id, now.toISOString()))) throw invalid();
      if (!existing) {
        await r.users.insert({
          id: userId,
          email: inv.email,
          name: input.name ?? inv.email,
          passwordHash,
          now: now.toISOString(),
        });
      }
      if (!(await r.organizations.findMember(inv.organizationId, userId))) {
        await r.organizations.addMember({
          id: newId('membership'),
          orgId: inv.organizationId,
          userId,
          role: inv.role,
          now: now.toISOString(),
        });
      }
      const actor: Principal = anonymous(ip);
      await recordAudit(
        r,
        actor,
        'org.invitation_accepted',
        {
          organizationId: inv.organizationId,
          targetType: 'invitation',
          targetId: inv.id,
          actorUserId: userId,
          data: { email: inv.email, newAccount: !existing },
        },
        now,
      );
    });
    return { userId, organizationId: inv.organizationId };
  }
}
