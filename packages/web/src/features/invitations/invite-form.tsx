import { Button, Form } from '@trussworks/react-uswds';
import { useState } from 'react';
import { InvitationCreate, ORG_ROLES } from '@clearinghouse/shared';
import { useCreateInvitation } from './invitations.api';
import { FormProblems } from '../../app/form-errors';
import { ORG_ROLE_LABELS } from '../../app/format';
import { checkParsed, useFormSubmission } from '../../app/use-form-submission';
import { SelectField, TextField } from '../../components/form-fields';
import { LiveRegion, SuccessMessage } from '../../components/status-message';

const FIELDS = {
  email: { label: 'Email address', id: 'invite-email' },
  role: { label: 'Role', id: 'invite-role' },
};

export function InviteForm({ organizationId }: { organizationId: string }) {
  const invite = useCreateInvitation(organizationId);
  const [email, setEmail] = useState('');
  const [role, setRole] = useState('member');
  const { onSubmit, errors } = useFormSubmission(
    invite,
    () =>
      checkParsed(InvitationCreate.safeParse({ email: email.trim(), role }), {
        email: 'Enter an email address, like name@example.com.',
        role: 'Choose a role.',
      }),
    {
      onSuccess: () => {
        setEmail('');
      },
    },
  );

  return (
    <>
      <LiveRegion>
        {invite.isSuccess && <SuccessMessage>Invitation sent to {invite.data.email}.</SuccessMessage>}
      </LiveRegion>
      <FormProblems
        errors={errors}
        error={invite.error}
        fields={FIELDS}
        heading="The invitation was not sent"
        headingLevel="h4"
      />
      <Form onSubmit={onSubmit} noValidate large>
        <TextField
          id={FIELDS.email.id}
          label={FIELDS.email.label}
          type="email"
          autoComplete="off"
          value={email}
          error={errors.email}
          onChange={(event) => {
            setEmail(event.target.value);
          }}
        />
        <SelectField
          id={FIELDS.role.id}
          label={FIELDS.role.label}
          hint="Admins manage the organization, its members and its invitations."
          value={role}
          error={errors.role}
          onChange={(event) => {
            setRole(event.target.value);
          }}
        >
          {ORG_ROLES.map((r) => (
            <option key={r} value={r}>
              {ORG_ROLE_LABELS[r]}
            </option>
          ))}
        </SelectField>
        <Button type="submit" disabled={invite.isPending}>
          {invite.isPending ? 'Sending…' : 'Send invitation'}
        </Button>
      </Form>
    </>
  );
}
