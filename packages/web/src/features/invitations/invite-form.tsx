import { Button, Form } from '@trussworks/react-uswds';
import { useState, type SubmitEvent } from 'react';
import { InvitationCreate, ORG_ROLES } from '@clearinghouse/shared';
import { useCreateInvitation } from './invitations.api';
import {
  combineFieldErrors,
  fieldErrorsFromIssues,
  FormProblems,
  type FieldErrors,
} from '../../app/form-errors';
import { ORG_ROLE_LABELS } from '../../app/format';
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
  const [clientErrors, setClientErrors] = useState<FieldErrors>({});

  const submit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    const parsed = InvitationCreate.safeParse({ email: email.trim(), role });
    if (!parsed.success) {
      invite.reset();
      setClientErrors(
        fieldErrorsFromIssues(parsed.error.issues, {
          email: 'Enter an email address, like name@example.com.',
          role: 'Choose a role.',
        }),
      );
      return;
    }
    setClientErrors({});
    invite.mutate(parsed.data, {
      onSuccess: () => {
        setEmail('');
      },
    });
  };

  const errors = combineFieldErrors(clientErrors, invite.error);
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
      <Form onSubmit={submit} noValidate large>
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
