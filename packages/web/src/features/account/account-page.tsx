import { Link } from 'react-router';
import { ChangePasswordForm } from './change-password-form';
import { GLOBAL_ROLE_LABELS, ORG_ROLE_LABELS } from '../../app/format';
import { useSession } from '../auth/session';
import { PageHeading } from '../../components/page-heading';

export function AccountPage() {
  const me = useSession();
  return (
    <>
      <PageHeading title="Account" />
      <section aria-labelledby="profile-heading">
        <h2 id="profile-heading">Profile</h2>
        <dl className="details-list">
          <dt>Name</dt>
          <dd>{me.name}</dd>
          <dt>Email address</dt>
          <dd>{me.email}</dd>
          {me.globalRoles.length > 0 && (
            <>
              <dt>Clearinghouse roles</dt>
              <dd>{me.globalRoles.map((role) => GLOBAL_ROLE_LABELS[role]).join(', ')}</dd>
            </>
          )}
          <dt>Organizations</dt>
          <dd>
            {me.memberships.length === 0 ? (
              'None yet'
            ) : (
              <ul className="usa-list usa-list--unstyled">
                {me.memberships.map((m) => (
                  <li key={m.organization.id}>
                    <Link className="usa-link" to={`/orgs/${m.organization.id}`}>
                      {m.organization.name}
                    </Link>{' '}
                    ({ORG_ROLE_LABELS[m.role]})
                  </li>
                ))}
              </ul>
            )}
          </dd>
        </dl>
      </section>

      <section aria-labelledby="two-factor-heading">
        <h2 id="two-factor-heading">Two-factor authentication</h2>
        <p>
          Two-factor authentication is <strong>{me.totpEnabled ? 'on' : 'off'}</strong>.{' '}
          <Link className="usa-link" to="/account/two-factor">
            {me.totpEnabled ? 'Manage two-factor authentication' : 'Set up two-factor authentication'}
          </Link>
        </p>
      </section>

      <section aria-labelledby="password-heading">
        <h2 id="password-heading">Change password</h2>
        <ChangePasswordForm />
      </section>
    </>
  );
}
