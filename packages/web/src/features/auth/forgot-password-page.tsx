import { Alert, AlertHeading, AlertText, Button, Form } from '@trussworks/react-uswds';
import { useEffect, useRef, useState } from 'react';
import { Link } from 'react-router';
import { PasswordResetRequest } from '@clearinghouse/shared';
import { useRequestPasswordReset } from './password-reset.api';
import { FormProblems } from '../../app/form-errors';
import { checkParsed, useFormSubmission } from '../../app/use-form-submission';
import { TextField } from '../../components/form-fields';
import { PageHeading } from '../../components/page-heading';
import { LiveRegion } from '../../components/status-message';

const FIELDS = { email: { label: 'Email address', id: 'forgot-email' } };

/** The same answer whether or not the account exists: the page never tells who has one. */
function LinkSent() {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    ref.current?.focus();
  }, []);
  return (
    <div ref={ref} tabIndex={-1}>
      <Alert type="success">
        <AlertHeading level="h2">Check your email</AlertHeading>
        <AlertText>
          If an account exists for that address, we have sent a link. It works once and expires in an hour.
        </AlertText>
        <AlertText>
          <Link className="usa-link" to="/sign-in">
            Back to sign in
          </Link>
        </AlertText>
      </Alert>
    </div>
  );
}

export function ForgotPasswordPage() {
  const request = useRequestPasswordReset();
  const [email, setEmail] = useState('');
  const { onSubmit, errors } = useFormSubmission(request, () =>
    checkParsed(PasswordResetRequest.safeParse({ email: email.trim() }), {
      email: 'Enter your email address, like name@agency.gov.',
    }),
  );

  return (
    <>
      <PageHeading title="Reset your password" />
      <LiveRegion>{request.isSuccess && <LinkSent />}</LiveRegion>
      {!request.isSuccess && (
        <>
          <p className="usa-intro">
            Enter the email address you sign in with. We will send you a link to choose a new password.
          </p>
          <FormProblems
            errors={errors}
            error={request.error}
            fields={FIELDS}
            heading="The link was not sent"
          />
          <Form onSubmit={onSubmit} noValidate>
            <TextField
              id={FIELDS.email.id}
              label={FIELDS.email.label}
              type="email"
              autoComplete="username"
              value={email}
              error={errors.email}
              onChange={(event) => {
                setEmail(event.target.value);
              }}
            />
            <Button type="submit" disabled={request.isPending}>
              {request.isPending ? 'Sending…' : 'Send reset link'}
            </Button>
          </Form>
          <p className="margin-top-3">
            <Link className="usa-link" to="/sign-in">
              Back to sign in
            </Link>
          </p>
        </>
      )}
    </>
  );
}
