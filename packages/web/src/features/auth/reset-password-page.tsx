import { Alert, AlertHeading, AlertText, Button, Form } from '@trussworks/react-uswds';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { Link, useSearchParams } from 'react-router';
import { PasswordResetConfirm } from '@clearinghouse/shared';
import { useConfirmPasswordReset } from './password-reset.api';
import { isApiError } from '../../app/api';
import { FormProblems, type FieldErrors } from '../../app/form-errors';
import { checkParsed, useFormSubmission } from '../../app/use-form-submission';
import { NewPasswordFields } from '../../components/form-fields';
import { PageHeading } from '../../components/page-heading';
import { LiveRegion } from '../../components/status-message';

const FIELDS = {
  newPassword: { label: 'New password', id: 'reset-new-password' },
  confirmPassword: { label: 'Confirm new password', id: 'reset-confirm-password' },
};

/** An alert that takes focus when it appears, because the form it replaces is gone. */
function FocusedOutcome({ children }: { children: ReactNode }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    ref.current?.focus();
  }, []);
  return (
    <div ref={ref} tabIndex={-1}>
      {children}
    </div>
  );
}

function InvalidResetLink() {
  return (
    <Alert type="error" role="alert">
      <AlertHeading level="h2">This reset link is not valid</AlertHeading>
      <AlertText>
        It may have expired (a link lasts an hour), already been used, or been copied incompletely.{' '}
        <Link className="usa-link" to="/forgot-password">
          Request a new link
        </Link>
      </AlertText>
    </Alert>
  );
}

function PasswordSet() {
  return (
    <Alert type="success">
      <AlertHeading level="h2">Your new password is set</AlertHeading>
      <AlertText>
        You have been signed out everywhere.{' '}
        <Link className="usa-link" to="/sign-in">
          Sign in
        </Link>{' '}
        with your new password. If your account has two-factor authentication, you will still be asked for a
        code.
      </AlertText>
    </Alert>
  );
}

function ResetForm({ token }: { token: string }) {
  const confirm = useConfirmPasswordReset();
  const [newPassword, setNewPassword] = useState('');
  const [confirmPassword, setConfirmPassword] = useState('');
  const { onSubmit, errors } = useFormSubmission(confirm, () => {
    const more: FieldErrors = {};
    if (confirmPassword !== newPassword) more.confirmPassword = 'The new passwords do not match.';
    return checkParsed(
      PasswordResetConfirm.safeParse({ token, newPassword }),
      { newPassword: 'Use at least 12 characters (at most 256).' },
      more,
    );
  });

  // After the answer that ends this link's use, only what it means and where to go next.
  const done = confirm.isSuccess || isApiError(confirm.error, 'reset_invalid');
  return (
    <>
      <LiveRegion>
        {done && (
          <FocusedOutcome>{confirm.isSuccess ? <PasswordSet /> : <InvalidResetLink />}</FocusedOutcome>
        )}
      </LiveRegion>
      {!done && (
        <>
          <p className="usa-intro">Choose a new password for your Clearinghouse account.</p>
          <FormProblems
            errors={errors}
            error={confirm.error}
            fields={FIELDS}
            heading="Your password was not changed"
          />
          <Form onSubmit={onSubmit} noValidate>
            <NewPasswordFields
              password={{
                ...FIELDS.newPassword,
                value: newPassword,
                error: errors.newPassword,
                onChange: setNewPassword,
              }}
              confirm={{
                ...FIELDS.confirmPassword,
                value: confirmPassword,
                error: errors.confirmPassword,
                onChange: setConfirmPassword,
              }}
            />
            <Button type="submit" disabled={confirm.isPending}>
              {confirm.isPending ? 'Saving…' : 'Set new password'}
            </Button>
          </Form>
        </>
      )}
    </>
  );
}

/** The page an emailed reset link opens: `/reset-password?token=…`. */
export function ResetPasswordPage() {
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  return (
    <>
      <PageHeading title="Choose a new password" />
      {PasswordResetConfirm.shape.token.safeParse(token).success ? (
        <ResetForm token={token} />
      ) : (
        <InvalidResetLink />
      )}
    </>
  );
}
