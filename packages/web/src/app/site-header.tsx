import { ExtendedNav, Header, NavMenuButton, Title } from '@trussworks/react-uswds';
import { useEffect, useState } from 'react';
import { Link, NavLink, useLocation } from 'react-router';
import type { Me } from '@clearinghouse/shared';
import { OrgSwitcher } from './org-switcher';
import { SignOutButton } from '../features/auth/sign-out-button';
import { canReadAudit, isGlobalAdmin } from '../features/auth/session';
import { NotificationsIndicator } from '../features/notifications/notifications-indicator';

interface NavItem {
  to: string;
  label: string;
}

function navItems(me: Me): NavItem[] {
  return [
    { to: '/', label: 'Home' },
    // Exposure belongs to an organization: what it runs, and what to do about it.
    ...(me.memberships.length > 0
      ? [
          { to: '/today', label: 'Today' },
          { to: '/inventories', label: 'Inventories' },
        ]
      : []),
    { to: '/reports', label: 'Reports' },
    { to: '/cases', label: 'Cases' },
    { to: '/advisories', label: 'Advisories' },
    { to: '/orgs', label: 'Organizations' },
    { to: '/tokens', label: 'API tokens' },
    ...(isGlobalAdmin(me) ? [{ to: '/admin/users', label: 'Users' }] : []),
    ...(canReadAudit(me) ? [{ to: '/audit', label: 'Audit log' }] : []),
    ...(me.memberships.length > 0 ? [{ to: '/settings/notifications', label: 'Notification settings' }] : []),
    { to: '/account', label: 'Account' },
  ];
}

/** Open to everyone, signed in or not. */
const REPORT_LINK = { to: '/reports/new', label: 'Report a vulnerability' };
/** Published advisories, for signed-out visitors (signed-in users have them in the navigation). */
const ADVISORIES_LINK = { to: '/advisories', label: 'Security advisories' };

/**
 * Title, primary navigation, "Report a vulnerability", organization switcher and sign-out.
 * Signed-out visitors see the title and "Report a vulnerability"; a user who must first set up
 * two-factor sees only sign-out.
 */
export function SiteHeader({ me }: { me: Me | null | undefined }) {
  const [expanded, setExpanded] = useState(false);
  const { pathname } = useLocation();
  const toggle = () => {
    setExpanded((open) => !open);
  };

  // The mobile menu closes on navigation and with Escape.
  useEffect(() => {
    setExpanded(false);
  }, [pathname]);
  useEffect(() => {
    if (!expanded) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') setExpanded(false);
    };
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('keydown', onKey);
    };
  }, [expanded]);

  // Until a required two-factor setup is done, the only way out is signing out.
  const fullNav = Boolean(me && !me.mfaEnrollmentRequired);
  const items =
    me && fullNav
      ? navItems(me).map((item) => (
          <NavLink
            key={item.to}
            to={item.to}
            end={item.to === '/'}
            className={({ isActive }) => (isActive ? 'usa-nav__link usa-current' : 'usa-nav__link')}
          >
            <span>{item.label}</span>
          </NavLink>
        ))
      : [];

  const reportLink = (
    <NavLink
      key={REPORT_LINK.to}
      to={REPORT_LINK.to}
      className={({ isActive }) => (isActive ? 'usa-link report-link usa-current' : 'usa-link report-link')}
    >
      {REPORT_LINK.label}
    </NavLink>
  );

  return (
    <Header extended showMobileOverlay={expanded}>
      <div className={fullNav ? 'usa-navbar' : 'usa-navbar usa-navbar--restricted'}>
        <Title>
          <Link to="/" title="Clearinghouse home">
            Clearinghouse
          </Link>
        </Title>
        {fullNav && <NavMenuButton onClick={toggle} label="Menu" />}
        {me && !fullNav && <SignOutButton />}
        {!me && (
          <div className="header-tools">
            <NavLink
              to={ADVISORIES_LINK.to}
              className={({ isActive }) =>
                isActive ? 'usa-link report-link usa-current' : 'usa-link report-link'
              }
            >
              {ADVISORIES_LINK.label}
            </NavLink>
            {reportLink}
          </div>
        )}
      </div>
      {fullNav && (
        <ExtendedNav
          primaryItems={items}
          secondaryItems={[reportLink, <NotificationsIndicator key="notifications" />]}
          mobileExpanded={expanded}
          onToggleMobileNav={toggle}
          aria-label="Primary"
        >
          <div className="header-tools">
            <OrgSwitcher />
            <SignOutButton />
          </div>
        </ExtendedNav>
      )}
    </Header>
  );
}
