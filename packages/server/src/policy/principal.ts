import type { ClearanceLevel, GlobalRole, OrgRole, TokenScope } from '@clearinghouse/shared';

export interface UserPrincipal {
  readonly kind: 'user';
  readonly userId: string;
  readonly email: string;
  readonly globalRoles: ReadonlySet<GlobalRole>;
  /** organization id → the user's role there */
  readonly memberships: ReadonlyMap<string, OrgRole>;
  readonly clearance: ClearanceLevel;
  readonly compartments: ReadonlySet<string>;
  readonly auth:
    | { readonly method: 'session'; readonly sessionId: string }
    | { readonly method: 'token'; readonly tokenId: string; readonly scope: TokenScope };
  /** True while a clearinghouse role requires two-factor and it is not enrolled yet. */
  readonly mfaEnrollmentRequired: boolean;
  readonly ip: string | null;
}

export interface AnonymousPrincipal {
  readonly kind: 'anonymous';
  readonly ip: string | null;
}

/** The server acting on its own behalf: migrations, bootstrap, scheduled jobs, admin commands. */
export interface SystemPrincipal {
  readonly kind: 'system';
  readonly name: string;
}

export type Principal = UserPrincipal | AnonymousPrincipal | SystemPrincipal;

export const anonymous = (ip: string | null = null): AnonymousPrincipal => ({ kind: 'anonymous', ip });
export const system = (name: string): SystemPrincipal => ({ kind: 'system', name });

export function isStaff(p: Principal): boolean {
  return (
    p.kind === 'user' &&
    (p.globalRoles.has('admin') || p.globalRoles.has('analyst') || p.globalRoles.has('coordinator'))
  );
}
