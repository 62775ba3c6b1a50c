import {
  CLEARANCE_LEVELS,
  mostRestrictiveTlp,
  TOKEN_SCOPES,
  type ClearanceLevel,
  type GlobalRole,
  type OrganizationKind,
  type Tlp,
  type TokenScope,
} from '@clearinghouse/shared';
import { AppError } from '../lib/errors.js';
import type { Principal, UserPrincipal } from './principal.js';

/**
 * The one policy module. `can(principal, action, resource)` is pure and deny-by-default:
 * an action without a rule, or a principal a rule does not name, is refused.
 */

/** Something labelled with TLP 2.0, described by the repository that loaded it. */
export interface Labelled {
  readonly tlp: Tlp | readonly Tlp[];
  readonly sourceOrgId: string | null;
  readonly sourceUserId?: string | null;
  readonly recipientOrgIds: readonly string[];
  /** Declared clients of the recipient organizations: TLP:AMBER may reach them. */
  readonly recipientClientOrgIds: readonly string[];
  /** The named people for TLP:RED. */
  readonly namedUserIds: readonly string[];
}

/** Case participation, supplied by the cases module (the hook later issues build on). */
export interface CaseParticipation {
  readonly caseId: string;
  readonly participantOrgIds: readonly string[];
  readonly participantUserIds: readonly string[];
  /** TLP:RED: only the people taking part themselves, staff included, may see or act. */
  readonly restricted?: boolean;
}

export interface Classified {
  readonly level: ClearanceLevel;
  readonly compartments: readonly string[];
}

/** A vulnerability report as the policy sees it. */
export interface ReportAccess {
  readonly tlp: Tlp;
  readonly reporterUserId: string | null;
  readonly reporterOrgId: string | null;
  /** TLP:RED: the people named on it (the assignee among them). */
  readonly namedUserIds: readonly string[];
}

/** An advisory as the policy sees it: who takes part in its case, whether it is shared or released. */
export interface AdvisoryAccess {
  /** The case's participation (recipients of TLP:AMBER and the named people of TLP:RED). */
  readonly participation: CaseParticipation;
  /** Declared clients of the participating organizations: TLP:AMBER may reach them once released. */
  readonly clientOrgIds: readonly string[];
  readonly tlp: Tlp;
  /** Shared with the case's participants for review (or released). */
  readonly shared: boolean;
  /** A revision has been released. */
  readonly released: boolean;
}

export interface Resources {
  'account.manage': { userId: string };
  'org.create': { kind: OrganizationKind };
  'org.list': Record<string, never>;
  'org.read': { orgId: string };
  'org.update': { orgId: string };
  'org.verify': { orgId: string };
  'org.members.read': { orgId: string };
  'org.members.manage': { orgId: string };
  'org.invite': { orgId: string };
  'user.list': Record<string, never>;
  'user.manage': { userId: string };
  'token.create': { scope: TokenScope };
  'token.list': { ownerId: string };
  'token.revoke': { ownerId: string };
  'audit.read': { orgId: string | null };
  'jobs.read': Record<string, never>;
  'object.read': Labelled;
  'case.read': CaseParticipation;
  'case.participate': CaseParticipation;
  'case.coordinate': CaseParticipation;
  'classified.read': Classified;
  'report.submit': Record<string, never>;
  'report.read': ReportAccess;
  'report.respond': ReportAccess;
  'report.triage': Record<string, never>;
  'advisory.read': AdvisoryAccess;
  'advisory.manage': CaseParticipation;
  'advisory.import': Record<string, never>;
  'inventory.read': { orgId: string };
  'inventory.manage': { orgId: string };
  'inventory.delete': { orgId: string };
  'exposure.read': { orgId: string };
  'exposure.manage': { orgId: string };
  'exposure.metrics': { orgId: string | null };
  'notifications.org.read': { orgId: string };
  'notifications.org.manage': { orgId: string };
  'notifications.own.manage': { orgId: string; userId: string };
}

export type Action = keyof Resources;

/** What a token's scope must be at least to perform an action. Sessions carry every scope. */
const SCOPE_NEEDED: Record<Action, TokenScope> = {
  'account.manage': 'admin',
  'org.create': 'write',
  'org.list': 'read',
  'org.read': 'read',
  'org.update': 'write',
  'org.verify': 'admin',
  'org.members.read': 'read',
  'org.members.manage': 'write',
  'org.invite': 'write',
  'user.list': 'admin',
  'user.manage': 'admin',
  'token.create': 'admin',
  'token.list': 'read',
  'token.revoke': 'write',
  'audit.read': 'admin',
  'jobs.read': 'admin',
  'object.read': 'read',
  'case.read': 'read',
  'case.participate': 'write',
  'case.coordinate': 'write',
  'classified.read': 'read',
  'report.submit': 'write',
  'report.read': 'read',
  'report.respond': 'write',
  'report.triage': 'write',
  'advisory.read': 'read',
  'advisory.manage': 'write',
  'advisory.import': 'write',
  'inventory.read': 'read',
  'inventory.manage': 'write',
  'inventory.delete': 'write',
  'exposure.read': 'read',
  'exposure.manage': 'write',
  'exposure.metrics': 'read',
  'notifications.org.read': 'read',
  'notifications.org.manage': 'write',
  'notifications.own.manage': 'write',
};

type Rule<A extends Action> = (p: UserPrincipal, r: Resources[A]) => boolean;

const has = (p: UserPrincipal, role: GlobalRole) => p.globalRoles.has(role);
const admin = (p: UserPrincipal) => has(p, 'admin');
const memberOf = (p: UserPrincipal, orgId: string | null) => orgId !== null && p.memberships.has(orgId);
const adminOf = (p: UserPrincipal, orgId: string) => p.memberships.get(orgId) === 'admin';
const memberOfAny = (p: UserPrincipal, orgIds: readonly string[]) =>
  orgIds.some((id) => p.memberships.has(id));
const inCommunity = (p: UserPrincipal) => p.memberships.size > 0 || p.globalRoles.size > 0;

export function tlpAllows(p: UserPrincipal, r: Labelled): boolean {
  const labels: readonly Tlp[] = typeof r.tlp === 'string' ? [r.tlp] : r.tlp;
  const label = mostRestrictiveTlp(labels);
  const isSource = memberOf(p, r.sourceOrgId) || (r.sourceUserId != null && r.sourceUserId === p.userId);
  switch (label) {
    case 'CLEAR':
      return true;
    case 'GREEN':
      return isSource || inCommunity(p);
    case 'AMBER':
      return isSource || memberOfAny(p, r.recipientOrgIds) || memberOfAny(p, r.recipientClientOrgIds);
    case 'AMBER+STRICT':
      return isSource || memberOfAny(p, r.recipientOrgIds);
    case 'RED':
      return r.namedUserIds.includes(p.userId) || (r.sourceUserId != null && r.sourceUserId === p.userId);
  }
}

const triager = (p: UserPrincipal) => has(p, 'analyst') || has(p, 'coordinator') || admin(p);
const namedOn = (p: UserPrincipal, r: ReportAccess) =>
  r.namedUserIds.includes(p.userId) || (r.reporterUserId !== null && r.reporterUserId === p.userId);
/** The reporter, or (below RED) a member of the organization it was reported on behalf of. */
const reporterSide = (p: UserPrincipal, r: ReportAccess) =>
  (r.reporterUserId !== null && r.reporterUserId === p.userId) ||
  (r.tlp !== 'RED' && memberOf(p, r.reporterOrgId));

const participates = (p: UserPrincipal, r: CaseParticipation) =>
  r.participantUserIds.includes(p.userId) || memberOfAny(p, r.participantOrgIds);

const RULES: { [A in Action]: Rule<A> } = {
  // Password and two-factor: only the person, signed in with a session (never an API token).
  'account.manage': (p, r) => p.auth.method === 'session' && p.userId === r.userId,
  // Anyone in the community may register an organization (unverified until an admin says so);
  // only clearinghouse admins create clearinghouse organizations.
  'org.create': (p, r) => admin(p) || (inCommunity(p) && r.kind !== 'clearinghouse'),
  // The directory of organizations (name, kind, sectors) is visible to the whole community, so
  // that vendors can be found and invited; members and invitations are not.
  'org.list': (p) => inCommunity(p),
  'org.read': (p, r) => inCommunity(p) || memberOf(p, r.orgId),
  'org.update': (p, r) => admin(p) || adminOf(p, r.orgId),
  'org.verify': (p) => admin(p),
  'org.members.read': (p, r) => admin(p) || memberOf(p, r.orgId),
  'org.members.manage': (p, r) => admin(p) || adminOf(p, r.orgId),
  'org.invite': (p, r) => admin(p) || adminOf(p, r.orgId),
  'user.list': (p) => admin(p),
  'user.manage': (p) => admin(p),
  // A token may only mint tokens of its own scope or less (checked with SCOPE_NEEDED = admin,
  // so in practice only sessions and admin tokens mint tokens).
  'token.create': (p, r) => p.auth.method === 'session' || scopeAtLeast(p.auth.scope, r.scope),
  'token.list': (p, r) => p.userId === r.ownerId,
  'token.revoke': (p, r) => p.userId === r.ownerId || admin(p),
  'audit.read': (p, r) => admin(p) || (r.orgId !== null && adminOf(p, r.orgId)),
  'jobs.read': (p) => admin(p),
  'object.read': tlpAllows,
  'case.read': (p, r) =>
    (r.restricted !== true && (has(p, 'coordinator') || has(p, 'analyst') || admin(p))) || participates(p, r),
  'case.participate': (p, r) =>
    (r.restricted !== true && (has(p, 'coordinator') || admin(p))) || participates(p, r),
  'case.coordinate': (p, r) =>
    (has(p, 'coordinator') || admin(p)) && (r.restricted !== true || r.participantUserIds.includes(p.userId)),
  // Anyone may report, signed in or not (anonymous reporters: see anonymousAllowed).
  'report.submit': () => true,
  // Triage staff read every report but TLP:RED ones, which only named people read.
  'report.read': (p, r) => namedOn(p, r) || reporterSide(p, r) || (triager(p) && r.tlp !== 'RED'),
  'report.respond': reporterSide,
  'report.triage': triager,
  // Staff read every advisory below RED; participants read it once shared for review; after
  // release its TLP decides (CLEAR: everyone, GREEN: the community, AMBER: participants and
  // their clients, AMBER+STRICT: participants, RED: the people named on the case).
  'advisory.read': (p, r) =>
    (triager(p) &&
      (r.participation.restricted !== true || r.participation.participantUserIds.includes(p.userId))) ||
    ((r.shared || r.released) && participates(p, r.participation)) ||
    (r.released && releasedTlpAllows(p, r)),
  'advisory.manage': (p, r) =>
    (has(p, 'coordinator') || admin(p)) && (r.restricted !== true || r.participantUserIds.includes(p.userId)),
  'advisory.import': triager,
  // An organization's inventories and exposures: its members; clearinghouse staff read them to help.
  'inventory.read': (p, r) => memberOf(p, r.orgId) || triager(p),
  'inventory.manage': (p, r) => memberOf(p, r.orgId) || admin(p),
  // Deleting takes the remediation history with it.
  'inventory.delete': (p, r) => adminOf(p, r.orgId) || admin(p),
  'exposure.read': (p, r) => memberOf(p, r.orgId) || triager(p),
  'exposure.manage': (p, r) => memberOf(p, r.orgId) || admin(p),
  'exposure.metrics': (p, r) => triager(p) || (r.orgId !== null && memberOf(p, r.orgId)),
  // Organization-wide subscriptions and webhook endpoints (with their delivery logs): the
  // organization's admins manage them; clearinghouse admins may look, for support, not change.
  'notifications.org.read': (p, r) => admin(p) || adminOf(p, r.orgId),
  'notifications.org.manage': (p, r) => adminOf(p, r.orgId),
  // A member's own subscriptions (e-mail, inbox) in an organization they belong to.
  'notifications.own.manage': (p, r) => p.userId === r.userId && memberOf(p, r.orgId),
  'classified.read': (p, r) =>
    has(p, 'evaluator') &&
    CLEARANCE_LEVELS.indexOf(p.clearance) >= CLEARANCE_LEVELS.indexOf(r.level) &&
    r.compartments.every((c) => p.compartments.has(c)),
};

function releasedTlpAllows(p: UserPrincipal, r: AdvisoryAccess): boolean {
  return tlpAllows(p, {
    tlp: r.tlp,
    sourceOrgId: null,
    recipientOrgIds: r.participation.participantOrgIds,
    recipientClientOrgIds: r.clientOrgIds,
    namedUserIds: r.participation.participantUserIds,
  });
}

function scopeAtLeast(have: TokenScope, need: TokenScope): boolean {
  return TOKEN_SCOPES.indexOf(have) >= TOKEN_SCOPES.indexOf(need);
}

export type Denial = 'unauthenticated' | 'mfa_enrollment_required' | 'insufficient_scope' | 'forbidden';
export type Decision = { allowed: true } | { allowed: false; reason: Denial };

/** Actions the public (no sign-in) may perform, and on which resources. */
function anonymousAllowed<A extends Action>(action: A, resource: Resources[A]): boolean {
  if (action === 'report.submit') return true;
  if (action === 'advisory.read') {
    const r = resource as AdvisoryAccess;
    return r.released && r.tlp === 'CLEAR';
  }
  if (action === 'object.read') {
    const r = resource as Labelled;
    return mostRestrictiveTlp(typeof r.tlp === 'string' ? [r.tlp] : r.tlp) === 'CLEAR';
  }
  return false;
}

export function decide<A extends Action>(principal: Principal, action: A, resource: Resources[A]): Decision {
  if (principal.kind === 'system') return { allowed: true };
  if (principal.kind === 'anonymous') {
    return anonymousAllowed(action, resource)
      ? { allowed: true }
      : { allowed: false, reason: 'unauthenticated' };
  }
  // Until staff enrol two-factor they may only manage their own account (that is, enrol).
  if (principal.mfaEnrollmentRequired && action !== 'account.manage')
    return { allowed: false, reason: 'mfa_enrollment_required' };
  if (principal.auth.method === 'token' && !scopeAtLeast(principal.auth.scope, SCOPE_NEEDED[action])) {
    return { allowed: false, reason: 'insufficient_scope' };
  }
  const rule = RULES[action] as Rule<A> | undefined;
  if (rule?.(principal, resource) === true) return { allowed: true };
  return { allowed: false, reason: 'forbidden' };
}

export function can<A extends Action>(principal: Principal, action: A, resource: Resources[A]): boolean {
  return decide(principal, action, resource).allowed;
}

/** Throws the AppError a client should see when the principal may not act. */
export function authorize<A extends Action>(principal: Principal, action: A, resource: Resources[A]): void {
  const decision = decide(principal, action, resource);
  if (decision.allowed) return;
  const messages: Record<Denial, string> = {
    unauthenticated: 'Sign in first.',
    mfa_enrollment_required: 'Set up two-factor authentication first.',
    insufficient_scope: `This API token's scope does not allow ${action}.`,
    forbidden: 'You are not allowed to do that.',
  };
  throw new AppError(decision.reason, `denied ${action} (${decision.reason})`, {
    publicMessage: messages[decision.reason],
  });
}

export const __testing = { SCOPE_NEEDED, RULES };
