import { createContext, useContext, type ReactNode } from 'react';
import type { Me } from '@clearinghouse/shared';

const SessionContext = createContext<Me | null>(null);

export function SessionProvider({ me, children }: { me: Me; children: ReactNode }) {
  return <SessionContext value={me}>{children}</SessionContext>;
}

/** The signed-in user; only inside pages behind `RequireAuth`. */
export function useSession(): Me {
  const me = useContext(SessionContext);
  if (!me) throw new Error('useSession() used outside a signed-in page');
  return me;
}

export function isGlobalAdmin(me: Me): boolean {
  return me.globalRoles.includes('admin');
}

export function isOrgAdmin(me: Me, organizationId: string): boolean {
  return me.memberships.some((m) => m.organization.id === organizationId && m.role === 'admin');
}

/** Who may read the audit log: clearinghouse admins, and admins of any organization. */
export function canReadAudit(me: Me): boolean {
  return isGlobalAdmin(me) || me.memberships.some((m) => m.role === 'admin');
}

/** Clearinghouse staff who triage vulnerability reports: analysts, coordinators and admins. */
export function isTriageStaff(me: Me): boolean {
  return me.globalRoles.some((role) => role === 'analyst' || role === 'coordinator' || role === 'admin');
}
