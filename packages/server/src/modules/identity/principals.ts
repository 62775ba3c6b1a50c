import type { Me, TokenScope } from '@clearinghouse/shared';
import type { UserPrincipal } from '../../policy/principal.js';
import type { MembershipRecord, UserRecord } from './users.repository.js';

export function buildPrincipal(
  user: UserRecord,
  memberships: MembershipRecord[],
  auth: { method: 'session'; sessionId: string } | { method: 'token'; tokenId: string; scope: TokenScope },
  ip: string | null,
): UserPrincipal {
  return {
    kind: 'user',
    userId: user.id,
    email: user.email,
    globalRoles: new Set(user.globalRoles),
    memberships: new Map(memberships.map((m) => [m.organizationId, m.role])),
    clearance: user.clearance,
    compartments: new Set(user.compartments),
    auth,
    mfaEnrollmentRequired: user.globalRoles.length > 0 && user.totpEnabledAt === null,
    ip,
  };
}

/** The presenter for GET /me and the login response. */
export function presentMe(
  user: UserRecord,
  memberships: MembershipRecord[],
  principal: UserPrincipal,
  csrfToken: string | null,
): Me {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    globalRoles: user.globalRoles,
    clearance: user.clearance,
    compartments: user.compartments,
    totpEnabled: user.totpEnabledAt !== null,
    mfaEnrollmentRequired: principal.mfaEnrollmentRequired,
    memberships: memberships.map((m) => ({
      organization: { id: m.organizationId, name: m.organizationName, kind: m.organizationKind },
      role: m.role,
    })),
    authenticatedBy: principal.auth.method,
    tokenScope: principal.auth.method === 'token' ? principal.auth.scope : null,
    csrfToken,
  };
}
