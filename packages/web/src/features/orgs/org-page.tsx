import { useEffect, useRef, useState } from 'react';
import { Link, useParams } from 'react-router';
import { MembersSection } from './members-section';
import { OrgDetails } from './org-details';
import { OrgEditSection } from './org-edit-section';
import { useOrg } from './orgs.api';
import { isApiError } from '../../app/api';
import { isGlobalAdmin, isOrgAdmin, useSession } from '../auth/session';
import { VendorProductsSection } from '../cases/vendor-products-section';
import { InvitationsSection } from '../invitations/invitations-section';
import { ErrorAlert } from '../../components/error-alert';
import { PageHeading } from '../../components/page-heading';
import { LiveRegion, Loading, SuccessMessage } from '../../components/status-message';

function OrgNotFound() {
  return (
    <>
      <PageHeading title="Organization not found" />
      <p className="usa-intro">
        There is no organization at this address, or it is not visible to you. The link may be mistyped, or
        the organization may have been removed.
      </p>
      <p>
        <Link className="usa-link" to="/orgs">
          Back to Organizations
        </Link>
      </p>
    </>
  );
}

/** Said where the Leave button was, once the user has left (and the members list is gone). */
function LeftNotice({ message }: { message: string | null }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (message) ref.current?.focus();
  }, [message]);
  return (
    <LiveRegion>
      {message && (
        <div ref={ref} tabIndex={-1}>
          <SuccessMessage>
            {message}{' '}
            <Link className="usa-link" to="/">
              Go to the home page
            </Link>
          </SuccessMessage>
        </div>
      )}
    </LiveRegion>
  );
}

export function OrgPage() {
  const { id = '' } = useParams();
  const me = useSession();
  const org = useOrg(id);
  const [leftMessage, setLeftMessage] = useState<string | null>(null);

  const orgAdmin = isOrgAdmin(me, id);
  const globalAdmin = isGlobalAdmin(me);
  const member = me.memberships.some((m) => m.organization.id === id);

  if (!org.data) {
    if (isApiError(org.error, 'not_found')) return <OrgNotFound />;
    return (
      <>
        <PageHeading title="Organization" />
        {org.isError ? (
          <ErrorAlert error={org.error} heading="Could not load the organization" />
        ) : (
          <Loading label="Loading the organization…" />
        )}
      </>
    );
  }

  const name = org.data.name;
  return (
    <>
      <PageHeading title={name} />
      <LeftNotice message={leftMessage} />
      <OrgDetails org={org.data} />
      {(orgAdmin || globalAdmin) && (
        <OrgEditSection org={org.data} permissions={{ canEditDetails: orgAdmin, canVerify: globalAdmin }} />
      )}
      {(member || globalAdmin) && (
        <MembersSection
          organizationId={id}
          organizationName={name}
          canManage={orgAdmin}
          onLeft={() => {
            setLeftMessage(`You have left ${name}.`);
          }}
        />
      )}
      {org.data.kind === 'vendor' && (member || globalAdmin) && (
        <VendorProductsSection organizationId={id} canManage={orgAdmin || globalAdmin} />
      )}
      {orgAdmin && <InvitationsSection organizationId={id} />}
    </>
  );
}
