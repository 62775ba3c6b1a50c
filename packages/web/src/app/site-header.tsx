import { Header, NavMenuButton, PrimaryNav, Title } from '@trussworks/react-uswds';
import { useEffect, useState } from 'react';
import { Link, NavLink, useLocation } from 'react-router';
import type { Me } from '@clearinghouse/shared';
import { OrgSwitcher } from './org-switcher';
import { SignOutButton } from '../features/auth/sign-out-button';
import { canReadAudit } from '../features/auth/session';

interface NavItem {
  to: string;
  label: string;
}

function navItems(me: Me): NavItem[] {
  return [
    { to: '/', label: 'Home' },
    { to: '/orgs', label: 'Organizations' },
    { to: '/tokens', label: 'API tokens' },
    ...(canReadAudit(me) ? [{ to: '/audit', label: 'Audit log' }] : []),
    { to: '/account', label: 'Account' },
  ];
}

/**
 * Title, primary navigation, organization switcher and sign-out. Signed-out visitors see only
 * the title; a user who must first set up two-factor sees only sign-out.
 */
export function SiteHeader({ me }: { me: Me | null | undefined }) {
  const [expanded, setExpanded] = useState(false);
  const { pathname } = useLocation();
  const toggle = () => {
    setExpanded((open) => !open);
  };

  useEffect(() => {
    setExpanded(false);
  }, [pathname]);

  const fullNav = me && !me.mfaEnrollmentRequired;
  const items = fullNav
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

  return (
    <Header basic showMobileOverlay={expanded}>
      <div className="usa-nav-container">
        <div className="usa-navbar">
          <Title>
            <Link to="/" title="Clearinghouse home">
              Clearinghouse
            </Link>
          </Title>
          {me && <NavMenuButton onClick={toggle} label="Menu" />}
        </div>
        {me && (
          <PrimaryNav items={items} mobileExpanded={expanded} onToggleMobileNav={toggle} aria-label="Primary">
            <div className="header-tools">
              {fullNav && <OrgSwitcher />}
              <SignOutButton />
            </div>
          </PrimaryNav>
        )}
      </div>
    </Header>
  );
}
