import { useParams } from 'react-router';
import { MembersSection } from './members-section';
import { OrgDetails } from './org-details';
import { OrgEditSection } from './org-edit-section';
import { useOrg } from './orgs.api';
import { isApiError } from '../../app/api';
import { isGlobalAdmin, isOrgAdmin, useSession } from '../auth/session';
import { InvitationsSection } from '../invitations/invitations-section';
import { ErrorAlert } from '../../components/error-alert';
import { PageHeading } from '../../components/page-heading';
import { Loading } from '../../components/status-message';

export function OrgPage() {
  const { id = '' } = useParams();
  const me = useSession();
  const org = useOrg(id);

  const orgAdmin = isOrgAdmin(me, id);
  const globalAdmin = isGlobalAdmin(me);
  const member = me.memberships.some((m) => m.organization.id === id);

  if (!org.data) {
    return (
      <>
        <PageHeading title="Organization" />
        {org.isError ? (
          <ErrorAlert
            error={org.error}
            heading={
              isApiError(org.error, 'not_found')
                ? 'Organization not found'
                : 'Could not load the organization'
            }
          />
        ) : (
          <Loading label="Loading the organization…" />
        )}
      </>
    );
  }

  return (
    <>
      <PageHeading title={org.data.name} />
      <OrgDetails org={org.data} />
      {(orgAdmin || globalAdmin) && (
        <OrgEditSection org={org.data} permissions={{ canEditDetails: orgAdmin, canVerify: globalAdmin }} />
      )}
      {(member || globalAdmin) && <MembersSection organizationId={id} canManage={orgAdmin} />}
      {orgAdmin && <InvitationsSection organizationId={id} />}
    </>
  );
}
