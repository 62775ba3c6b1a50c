import { Link } from 'react-router';
import { useCurrentOrg } from '../../app/current-org';
import {
  GLOBAL_ROLE_LABELS,
  GLOBAL_ROLE_PURPOSES,
  ORG_ROLE_LABELS,
  ORG_ROLE_WITH_ARTICLE,
  ORGANIZATION_KIND_LABELS,
} from '../../app/format';
import { canReadAudit, isGlobalAdmin, isTriageStaff, useSession } from '../auth/session';
import { TodayCard } from '../exposure/today-card';
import { ReportsCard } from '../reports/reports-card';
import { PageHeading } from '../../components/page-heading';
import { EmptyState } from '../../components/status-message';

export function HomePage() {
  const me = useSession();
  const { current } = useCurrentOrg();

  return (
    <>
      <PageHeading title="Home">Welcome, {me.name}</PageHeading>
      {/* What an operator came for comes first. */}
      {current?.organization.kind === 'operator' && <TodayCard />}
      <p className="usa-intro">
        The Clearinghouse brings together the organizations that build, run and depend on AI systems, from
        vendors and AI developers to utilities, rural hospitals, community banks and local agencies, to
        coordinate the disclosure of vulnerabilities in and found by AI systems.
      </p>
      <p>
        It takes vulnerability reports and triages them, coordinates cases with vendors under embargo,
        publishes signed advisories (CSAF, OSV, CVE), and matches them against the inventories operators keep,
        so each organization sees what to fix first and hears about it by e-mail, webhook and here. Assessing
        frontier AI models is coming; it is not available yet.
      </p>

      <ReportsCard staff={isTriageStaff(me)} />

      <section aria-labelledby="current-org-heading">
        <h2 id="current-org-heading">Your organization</h2>
        {current ? (
          <>
            <p>
              You are working as <strong>{ORG_ROLE_WITH_ARTICLE[current.role]}</strong> of{' '}
              <Link className="usa-link" to={`/orgs/${current.organization.id}`}>
                {current.organization.name}
              </Link>{' '}
              ({ORGANIZATION_KIND_LABELS[current.organization.kind]}).
              {me.memberships.length > 1 && ' You can switch to another organization in the header.'}
            </p>
          </>
        ) : (
          <EmptyState title="You are not part of any organization yet.">
            <p>
              Ask your organization&apos;s administrator to invite you, or{' '}
              <Link className="usa-link" to="/orgs/new">
                create an organization
              </Link>
              .
            </p>
          </EmptyState>
        )}
      </section>

      <section aria-labelledby="roles-heading">
        <h2 id="roles-heading">Your roles</h2>
        <ul className="usa-list">
          {me.globalRoles.map((role) => (
            <li key={role}>
              <strong>{GLOBAL_ROLE_LABELS[role]}</strong> (clearinghouse staff): {GLOBAL_ROLE_PURPOSES[role]}
            </li>
          ))}
          {me.memberships.map((m) => (
            <li key={m.organization.id}>
              {ORG_ROLE_LABELS[m.role]} of {m.organization.name}
            </li>
          ))}
          {me.globalRoles.length === 0 && me.memberships.length === 0 && <li>No roles yet.</li>}
        </ul>
      </section>

      <section aria-labelledby="next-heading">
        <h2 id="next-heading">Where to go next</h2>
        <ul className="usa-list">
          <li>
            <Link className="usa-link" to="/cases">
              Coordination cases
            </Link>{' '}
            you take part in, and{' '}
            <Link className="usa-link" to="/notifications">
              your notifications
            </Link>
          </li>
          <li>
            <Link className="usa-link" to="/orgs">
              Browse organizations
            </Link>
          </li>
          <li>
            <Link className="usa-link" to="/tokens">
              Create an API token
            </Link>{' '}
            for scripts and the command-line tool
          </li>
          {isGlobalAdmin(me) && (
            <li>
              <Link className="usa-link" to="/admin/users">
                Manage users
              </Link>
              : their clearinghouse roles, clearance and access
            </li>
          )}
          {canReadAudit(me) && (
            <li>
              <Link className="usa-link" to="/audit">
                Review the audit log
              </Link>
            </li>
          )}
          <li>
            <Link className="usa-link" to="/account">
              {me.totpEnabled ? 'Manage your account' : 'Secure your account with two-factor authentication'}
            </Link>
          </li>
        </ul>
      </section>
    </>
  );
}
