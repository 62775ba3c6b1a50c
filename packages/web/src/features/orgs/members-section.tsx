import { Button, Label, Select, Table } from '@trussworks/react-uswds';
import { useState } from 'react';
import { ORG_ROLES, OrgRole, type Member } from '@clearinghouse/shared';
import { useMembers, useRemoveMember, useUpdateMemberRole } from './orgs.api';
import { formatDate, ORG_ROLE_LABELS, ORG_ROLE_WITH_ARTICLE } from '../../app/format';
import { useSession } from '../auth/session';
import { ConfirmButton } from '../../components/confirm-button';
import { ErrorAlert } from '../../components/error-alert';
import { QueryStates } from '../../components/query-states';
import { HiddenCaption, LiveRegion, SuccessMessage } from '../../components/status-message';

/**
 * A member's role: choosing one in the list changes nothing until "Save role" is pressed, so an
 * arrow key on the list never changes anyone's access by accident.
 */
function RoleEditor({
  member,
  busy,
  onSave,
}: {
  member: Member;
  busy: boolean;
  onSave: (role: OrgRole) => void;
}) {
  const [role, setRole] = useState<OrgRole>(member.role);
  // When the saved role changes (after a save, or someone else's), the choice follows it. The
  // editor is not remounted for that: focus stays on "Save role".
  const [savedRole, setSavedRole] = useState<OrgRole>(member.role);
  if (member.role !== savedRole) {
    setSavedRole(member.role);
    setRole(member.role);
  }
  const id = `member-role-${member.userId}`;
  return (
    <div className="role-editor">
      <Label htmlFor={id} srOnly>
        Role for {member.name}
      </Label>
      <Select
        id={id}
        name={id}
        className="margin-top-0"
        value={role}
        onChange={(event) => {
          const parsed = OrgRole.safeParse(event.target.value);
          if (parsed.success) setRole(parsed.data);
        }}
      >
        {ORG_ROLES.map((r) => (
          <option key={r} value={r}>
            {ORG_ROLE_LABELS[r]}
          </option>
        ))}
      </Select>
      <Button
        type="button"
        outline
        disabled={busy}
        aria-label={`Save role for ${member.name}`}
        onClick={() => {
          onSave(role);
        }}
      >
        Save role
      </Button>
    </div>
  );
}

/**
 * Who belongs to the organization. Its admins change roles (with an explicit save) and remove
 * people; anyone may leave it from their own row.
 */
export function MembersSection({
  organizationId,
  organizationName,
  canManage,
  onLeft,
}: {
  organizationId: string;
  organizationName: string;
  canManage: boolean;
  /** After the signed-in user has left: the page, not this section, says so (this may vanish). */
  onLeft: () => void;
}) {
  const me = useSession();
  const members = useMembers(organizationId);
  const updateRole = useUpdateMemberRole(organizationId);
  const remove = useRemoveMember(organizationId);
  const [outcome, setOutcome] = useState<string | null>(null);

  const saveRole = (member: Member, role: OrgRole) => {
    setOutcome(null);
    remove.reset();
    updateRole.reset();
    if (role === member.role) {
      setOutcome(`${member.name} is already ${ORG_ROLE_WITH_ARTICLE[role]}; nothing to save.`);
      return;
    }
    updateRole.mutate(
      { userId: member.userId, role },
      {
        onSuccess: () => {
          setOutcome(`${member.name} is now ${ORG_ROLE_WITH_ARTICLE[role]}.`);
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

  const leave = () => {
    setOutcome(null);
    updateRole.reset();
    // The section may be gone by the time the answer comes (the user is no longer a member), so
    // the page is told through a promise that outlives it; a failure shows here as remove.error.
    remove.mutateAsync(me.id).then(onLeft, () => undefined);
  };

  const items = members.data?.items ?? [];
  const busy = updateRole.isPending || remove.isPending;
  const showActions = canManage || items.some((m) => m.userId === me.id);
  return (
    <section aria-labelledby="members-heading" className="margin-top-5">
      <h2 id="members-heading">Members</h2>
      <LiveRegion>{outcome && <SuccessMessage>{outcome}</SuccessMessage>}</LiveRegion>
      {updateRole.isError && (
        <ErrorAlert error={updateRole.error} heading="The role was not changed" headingLevel="h3" />
      )}
      {remove.isError && (
        <ErrorAlert
          error={remove.error}
          heading={
            remove.variables === me.id ? 'You have not left the organization' : 'The member was not removed'
          }
          headingLevel="h3"
        />
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
              {showActions && <th scope="col">Actions</th>}
            </tr>
          </thead>
          <tbody>
            {items.map((member) => {
              const self = member.userId === me.id;
              return (
                <tr key={member.userId}>
                  <th scope="row">
                    {member.name}
                    {self && ' (you)'}
                  </th>
                  <td>{member.email}</td>
                  <td>
                    {canManage ? (
                      <RoleEditor
                        member={member}
                        busy={busy}
                        onSave={(role) => {
                          saveRole(member, role);
                        }}
                      />
                    ) : (
                      ORG_ROLE_LABELS[member.role]
                    )}
                  </td>
                  <td>{formatDate(member.joinedAt)}</td>
                  {showActions && (
                    <td className="member-actions">
                      {self ? (
                        <ConfirmButton
                          label="Leave organization"
                          question={`Leave ${organizationName}? You will need a new invitation to rejoin.`}
                          confirmLabel="Yes, leave"
                          busy={remove.isPending && remove.variables === member.userId}
                          onConfirm={leave}
                        />
                      ) : (
                        canManage && (
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
                        )
                      )}
                    </td>
                  )}
                </tr>
              );
            })}
          </tbody>
        </Table>
      </QueryStates>
    </section>
  );
}
