import { Alert, AlertHeading, AlertText, Button, Form } from '@trussworks/react-uswds';
import { useEffect, useRef, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { InvitationAccept, type InvitationPreview } from '@clearinghouse/shared';
import { useAcceptInvitation, useInvitationPreview } from './invitations.api';
import { isApiError } from '../../app/api';
import { FormProblems, type FieldErrors } from '../../app/form-errors';
import { formatDateTime, ORG_ROLE_WITH_ARTICLE } from '../../app/format';
import { checkParsed, useFormSubmission } from '../../app/use-form-submission';
import { useMe } from '../auth/me.api';
import { ErrorAlert } from '../../components/error-alert';
import { NewPasswordFields, TextField } from '../../components/form-fields';
import { PageHeading } from '../../components/page-heading';
import { LiveRegion, Loading } from '../../components/status-message';

const FIELDS = {
  name: { label: 'Your name', id: 'accept-name' },
  password: { label: 'Choose a password', id: 'accept-password' },
  confirmPassword: { label: 'Confirm password', id: 'accept-confirm-password' },
};

function InvalidInvitation({ error }: { error?: unknown }) {
  if (error !== undefined && !isApiError(error, 'invitation_invalid') && !isApiError(error, 'not_found')) {
    return <ErrorAlert error={error} heading="Could not open this invitation" />;
  }
  return (
    <Alert type="error" role="alert">
      <AlertHeading level="h2">This invitation link is not valid</AlertHeading>
      <AlertText>
        It may have expired, been revoked or already been used. Ask the person who invited you to send a new
        invitation.
      </AlertText>
    </Alert>
  );
}

/** Once accepted: only the welcome and where to go next. It takes focus, as the form is gone. */
function Welcome({ preview, signedIn }: { preview: InvitationPreview; signedIn: boolean }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    ref.current?.focus();
  }, []);
  const name = preview.organization.name;
  return (
    <div ref={ref} tabIndex={-1}>
      <Alert type="success">
        <AlertHeading level="h2">Welcome to {name}</AlertHeading>
        <AlertText>
          You are now {ORG_ROLE_WITH_ARTICLE[preview.role]} of {name}.{' '}
          {signedIn ? (
            <Link className="usa-link" to={`/orgs/${preview.organization.id}`}>
              Go to the organization
            </Link>
          ) : (
            <>
              <Link className="usa-link" to="/sign-in">
                Sign in
              </Link>{' '}
              with {preview.email} to start.
            </>
          )}
        </AlertText>
      </Alert>
    </div>
  );
}

function AcceptForm({ token, preview }: { token: string; preview: InvitationPreview }) {
  const accept = useAcceptInvitation();
  const me = useMe();
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const newAccount = !preview.accountExists;

  const { onSubmit, errors } = useFormSubmission(accept, () => {
    const more: FieldErrors = {};
    if (newAccount && name.trim() === '') more.name = 'Enter your name.';
    if (newAccount && confirm !== password) more.confirmPassword = 'The passwords do not match.';
    return checkParsed(
      InvitationAccept.safeParse(newAccount ? { token, name, password } : { token }),
      { name: 'Enter your name.', password: 'Use at least 12 characters (at most 256).' },
      more,
    );
  });

  return (
    <>
      <LiveRegion>{accept.isSuccess && <Welcome preview={preview} signedIn={Boolean(me.data)} />}</LiveRegion>
      {!accept.isSuccess && (
        <>
          <p className="usa-intro">
            You have been invited to join <strong>{preview.organization.name}</strong> as{' '}
            {ORG_ROLE_WITH_ARTICLE[preview.role]}.
          </p>
          <p>
            Invitation for {preview.email}, valid until {formatDateTime(preview.expiresAt)}.
          </p>
          <FormProblems
            errors={errors}
            error={accept.error}
            fields={FIELDS}
            heading="The invitation was not accepted"
          />
          <Form onSubmit={onSubmit} noValidate>
            {newAccount ? (
              <>
                <p>Create your account to join. You will sign in with {preview.email}.</p>
                <TextField
                  id={FIELDS.name.id}
                  label={FIELDS.name.label}
                  autoComplete="name"
                  value={name}
                  error={errors.name}
                  onChange={(event) => {
                    setName(event.target.value);
                  }}
                />
                <NewPasswordFields
                  hint="At least 12 characters"
                  password={{
                    ...FIELDS.password,
                    value: password,
                    error: errors.password,
                    onChange: setPassword,
                  }}
                  confirm={{
                    ...FIELDS.confirmPassword,
                    value: confirm,
                    error: errors.confirmPassword,
                    onChange: setConfirm,
                  }}
                />
              </>
            ) : (
              <p>You already have an account with {preview.email}; accepting adds this organization to it.</p>
            )}
            <Button type="submit" disabled={accept.isPending}>
              {accept.isPending ? 'Accepting…' : 'Accept invitation'}
            </Button>
          </Form>
        </>
      )}
    </>
  );
}

export function AcceptInvitationPage() {
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const preview = useInvitationPreview(token);

  return (
    <>
      <PageHeading title="Accept invitation" />
      {token === '' ? (
        <InvalidInvitation />
      ) : preview.isPending ? (
        <Loading label="Checking your invitation…" />
      ) : preview.isError ? (
        <InvalidInvitation error={preview.error} />
      ) : (
        <AcceptForm token={token} preview={preview.data} />
      )}
    </>
  );
}
