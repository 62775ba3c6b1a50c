import { Button, Checkbox, Form } from '@trussworks/react-uswds';
import { useState } from 'react';
import { Password } from '@clearinghouse/shared';
import { useChangePassword } from './account.api';
import { FormProblems, type FieldErrors } from '../../app/form-errors';
import { checkFields, useFormSubmission } from '../../app/use-form-submission';
import { NewPasswordFields, TextField } from '../../components/form-fields';
import { LiveRegion, SuccessMessage } from '../../components/status-message';

const FIELDS = {
  currentPassword: { label: 'Current password', id: 'current-password' },
  newPassword: { label: 'New password', id: 'new-password' },
  confirmPassword: { label: 'Confirm new password', id: 'confirm-password' },
};

function validate(current: string, next: string, confirm: string): FieldErrors {
  const errors: FieldErrors = {};
  if (current === '') errors.currentPassword = 'Enter your current password.';
  if (!Password.safeParse(next).success) errors.newPassword = 'Use at least 12 characters (at most 256).';
  if (confirm !== next) errors.confirmPassword = 'The new passwords do not match.';
  return errors;
}

export function ChangePasswordForm() {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [confirm, setConfirm] = useState('');
  const [revokeApiTokens, setRevokeApiTokens] = useState(false);
  const change = useChangePassword();

  const { onSubmit, errors } = useFormSubmission(
    change,
    () =>
      checkFields(validate(current, next, confirm), {
        currentPassword: current,
        newPassword: next,
        revokeApiTokens,
      }),
    {
      onSuccess: () => {
        setCurrent('');
        setNext('');
        setConfirm('');
        setRevokeApiTokens(false);
      },
    },
  );

  return (
    <>
      <LiveRegion>
        {change.isSuccess && (
          <SuccessMessage>
            Your password has been changed. Your other sessions have been signed out
            {change.variables.revokeApiTokens ? ' and your API tokens revoked' : ''}.
          </SuccessMessage>
        )}
      </LiveRegion>
      <FormProblems
        errors={errors}
        error={change.error}
        fields={FIELDS}
        heading="Your password was not changed"
        headingLevel="h3"
      />
      <Form onSubmit={onSubmit} noValidate>
        <TextField
          id={FIELDS.currentPassword.id}
          label={FIELDS.currentPassword.label}
          type="password"
          autoComplete="current-password"
          value={current}
          error={errors.currentPassword}
          onChange={(event) => {
            setCurrent(event.target.value);
          }}
        />
        <NewPasswordFields
          password={{ ...FIELDS.newPassword, value: next, error: errors.newPassword, onChange: setNext }}
          confirm={{
            ...FIELDS.confirmPassword,
            value: confirm,
            error: errors.confirmPassword,
            onChange: setConfirm,
          }}
        />
        <Checkbox
          id="revoke-api-tokens"
          name="revoke-api-tokens"
          label="Also revoke all my API tokens"
          labelDescription="Do this if someone else may have known your password: API tokens keep working after a password change otherwise."
          checked={revokeApiTokens}
          onChange={(event) => {
            setRevokeApiTokens(event.target.checked);
          }}
        />
        <Button type="submit" disabled={change.isPending}>
          Change password
        </Button>
      </Form>
    </>
  );
}
