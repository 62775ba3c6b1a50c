import { Label, Select, Table } from '@trussworks/react-uswds';
import { useState } from 'react';
import { ORG_ROLES, OrgRole, type Member } from '@clearinghouse/shared';
import { useMembers, useRemoveMember, useUpdateMemberRole } from './orgs.api';
import { formatDate, ORG_ROLE_LABELS } from '../../app/format';
import { ConfirmButton } from '../../components/confirm-button';
import { ErrorAlert } from '../../components/error-alert';
import { QueryStates } from '../../components/query-states';
import { HiddenCaption, LiveRegion, SuccessMessage } from '../../components/status-message';

function RoleSelect({
  member,
  disabled,
  onChange,
}: {
  member: Member;
  disabled: boolean;
  onChange: (role: OrgRole) => void;
}) {
  const id = `member-role-${member.userId}`;
  return (
    <>
      <Label htmlFor={id} srOnly>
        Role for {member.name}
      </Label>
      <Select
        id={id}
        name={id}
        className="margin-top-0"
        value={member.role}
        disabled={disabled}
        onChange={(event) => {
          const parsed = OrgRole.safeParse(event.target.value);
          if (parsed.success) onChange(parsed.data);
        }}
      >
        {ORG_ROLES.map((role) => (
          <option key={role} value={role}>
            {ORG_ROLE_LABELS[role]}
          </option>
        ))}
      </Select>
    </>
  );
}

/** Who belongs to the organization; its admins change roles and remove people. */
export function MembersSection({
  organizationId,
  canManage,
}: {
  organizationId: string;
  canManage: boolean;
}) {
  const members = useMembers(organizationId);
  const updateRole = useUpdateMemberRole(organizationId);
  const remove = useRemoveMember(organizationId);
  const [outcome, setOutcome] = useState<string | null>(null);

  const changeRole = (member: Member, role: OrgRole) => {
    setOutcome(null);
    remove.reset();
    updateRole.mutate(
      { userId: member.userId, role },
      {
        onSuccess: () => {
          setOutcome(`${member.name} is now ${ORG_ROLE_LABELS[role].toLowerCase()}.`);
        },
      },
    );
  };

  const removeMember = (member: Member) => {
    setOutcome(null);
    updateRole.reset();
    remove.mutate(member.userId, {
      onSuccess: () => {
        setOutcome(`${member.name} has been removed from the organization.`);
      },
    });
  };

  const items = members.data?.items ?? [];
  const busy = updateRole.isPending || remove.isPending;
  return (
    <section aria-labelledby="members-heading" className="margin-top-5">
      <h2 id="members-heading">Members</h2>
      <LiveRegion>{outcome && <SuccessMessage>{outcome}</SuccessMessage>}</LiveRegion>
      {updateRole.isError && (
        <ErrorAlert error={updateRole.error} heading="The role was not changed" headingLevel="h3" />
      )}
      {remove.isError && (
        <ErrorAlert error={remove.error} heading="The member was not removed" headingLevel="h3" />
      )}

      <QueryStates
        query={members}
        loadingLabel="Loading members…"
        errorHeading="Could not load members"
        headingLevel="h3"
        isEmpty={items.length === 0}
        emptyTitle="No members yet."
      >
        <Table bordered fullWidth caption={<HiddenCaption>Members</HiddenCaption>} scrollable>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Email</th>
              <th scope="col">Role</th>
              <th scope="col">Joined</th>
              {canManage && <th scope="col">Actions</th>}
            </tr>
          </thead>
          <tbody>
            {items.map((member) => (
              <tr key={member.userId}>
                <th scope="row">{member.name}</th>
                <td>{member.email}</td>
                <td>
                  {canManage ? (
                    <RoleSelect
                      member={member}
                      disabled={busy}
                      onChange={(role) => {
                        changeRole(member, role);
                      }}
                    />
                  ) : (
                    ORG_ROLE_LABELS[member.role]
                  )}
                </td>
                <td>{formatDate(member.joinedAt)}</td>
                {canManage && (
                  <td>
                    <ConfirmButton
                      label="Remove"
                      accessibleName={`Remove ${member.name}`}
                      question={`Remove ${member.name}?`}
                      confirmLabel="Yes, remove"
                      busy={remove.isPending && remove.variables === member.userId}
                      onConfirm={() => {
                        removeMember(member);
                      }}
                    />
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </Table>
      </QueryStates>
    </section>
  );
}
