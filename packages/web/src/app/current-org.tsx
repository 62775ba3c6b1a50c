import { createContext, useContext, useState, type ReactNode } from 'react';
import type { Membership } from '@clearinghouse/shared';

const STORAGE_KEY = 'clearinghouse.currentOrganizationId';

interface CurrentOrg {
  /** The membership chosen in the header, or the first one; undefined without memberships. */
  current: Membership | undefined;
  memberships: readonly Membership[];
  select: (organizationId: string) => void;
}

const CurrentOrgContext = createContext<CurrentOrg>({
  current: undefined,
  memberships: [],
  select: () => {},
});

function readStored(): string | null {
  try {
    return localStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}

export function CurrentOrgProvider({
  memberships,
  children,
}: {
  memberships: readonly Membership[];
  children: ReactNode;
}) {
  const [selectedId, setSelectedId] = useState(readStored);
  const current = memberships.find((m) => m.organization.id === selectedId) ?? memberships[0];

  const select = (organizationId: string) => {
    setSelectedId(organizationId);
    try {
      localStorage.setItem(STORAGE_KEY, organizationId);
    } catch {
      // Storage may be unavailable (private mode); the choice then lasts for this page only.
    }
  };

  return <CurrentOrgContext value={{ current, memberships, select }}>{children}</CurrentOrgContext>;
}

export function useCurrentOrg(): CurrentOrg {
  return useContext(CurrentOrgContext);
}
