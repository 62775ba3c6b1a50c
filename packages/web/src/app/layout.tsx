import { GridContainer } from '@trussworks/react-uswds';
import { Outlet } from 'react-router';
import { CurrentOrgProvider } from './current-org';
import { SiteHeader } from './site-header';
import { MAIN_CONTENT_ID, SkipNav } from './skip-nav';
import { useFocusHeadingOnNavigate } from './use-focus-on-navigate';
import { useMe } from '../features/auth/me.api';

const NO_MEMBERSHIPS: never[] = [];

export function AppLayout() {
  const me = useMe();
  useFocusHeadingOnNavigate();

  return (
    <CurrentOrgProvider memberships={me.data?.memberships ?? NO_MEMBERSHIPS}>
      <SkipNav />
      <SiteHeader me={me.data} />
      <main id={MAIN_CONTENT_ID} tabIndex={-1} className="site-main">
        <GridContainer className="padding-y-4">
          <Outlet />
        </GridContainer>
      </main>
      <footer className="usa-footer usa-footer--slim">
        <GridContainer className="padding-y-2">
          <p className="margin-0 font-body-3xs">
            Clearinghouse — open-source AI cybersecurity clearinghouse.{' '}
            <a className="usa-link" href="/docs">
              API documentation
            </a>
          </p>
        </GridContainer>
      </footer>
    </CurrentOrgProvider>
  );
}
