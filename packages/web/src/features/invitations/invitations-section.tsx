import { Table } from '@trussworks/react-uswds';
import { InviteForm } from './invite-form';
import { usePendingInvitations, useRevokeInvitation } from './invitations.api';
import { formatDate, formatDateTime, ORG_ROLE_LABELS } from '../../app/format';
import { ConfirmButton } from '../../components/confirm-button';
import { MutationOutcome, QueryStates } from '../../components/query-states';
import { HiddenCaption } from '../../components/status-message';

/** Invite people by email; see and revoke the invitations still open. */
export function InvitationsSection({ organizationId }: { organizationId: string }) {
  const pending = usePendingInvitations(organizationId);
  const revoke = useRevokeInvitation(organizationId);
  const items = (pending.data?.items ?? []).filter((i) => i.acceptedAt === null && i.revokedAt === null);

  return (
    <section aria-labelledby="invitations-heading" className="margin-top-5">
      <h2 id="invitations-heading">Invitations</h2>
      <h3>Invite someone</h3>
      <InviteForm organizationId={organizationId} />

      <h3 className="margin-top-4">Pending invitations</h3>
      <MutationOutcome
        mutation={revoke}
        successMessage="The invitation has been revoked."
        errorHeading="The invitation was not revoked"
        headingLevel="h4"
      />
      <QueryStates
        query={pending}
        loadingLabel="Loading invitations…"
        errorHeading="Could not load invitations"
        headingLevel="h4"
        isEmpty={items.length === 0}
        emptyTitle="No pending invitations."
      >
        <Table bordered fullWidth caption={<HiddenCaption>Pending invitations</HiddenCaption>} scrollable>
          <thead>
            <tr>
              <th scope="col">Email</th>
              <th scope="col">Role</th>
              <th scope="col">Sent</th>
              <th scope="col">Expires</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {items.map((invitation) => (
              <tr key={invitation.id}>
                <th scope="row">{invitation.email}</th>
                <td>{ORG_ROLE_LABELS[invitation.role]}</td>
                <td>{formatDate(invitation.createdAt)}</td>
                <td>{formatDateTime(invitation.expiresAt)}</td>
                <td>
                  <ConfirmButton
                    label="Revoke"
                    accessibleName={`Revoke the invitation for ${invitation.email}`}
                    question={`Revoke the invitation for ${invitation.email}?`}
                    confirmLabel="Yes, revoke"
                    busy={revoke.isPending && revoke.variables === invitation.id}
                    onConfirm={() => {
                      revoke.mutate(invitation.id);
                    }}
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </Table>
      </QueryStates>
    </section>
  );
}
