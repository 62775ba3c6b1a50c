import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, AlertHeading, AlertText, Button, Form } from '@trussworks/react-uswds';
import { useEffect, useRef, useState, type SubmitEvent } from 'react';
import { Link, Navigate, useSearchParams } from 'react-router';
import { LoginRequest } from '@clearinghouse/shared';
import { login, meQueryKey, useMe } from './me.api';
import { safeNextPath } from './require-auth';
import { isApiError, type ApiError } from '../../app/api';
import { fieldErrorsFromIssues, FormErrorSummary, type FieldErrors } from '../../app/form-errors';
import { formatWait } from '../../app/format';
import { ErrorAlert } from '../../components/error-alert';
import { TextField } from '../../components/form-fields';
import { PageHeading } from '../../components/page-heading';

type Step = 'password' | 'totp';

const FIELDS = {
  email: { label: 'Email address', id: 'email' },
  password: { label: 'Password', id: 'password' },
  totp: { label: 'Authentication code', id: 'totp' },
};

const FRIENDLY = {
  email: 'Enter your email address, like name@agency.gov.',
  password: 'Enter your password.',
  totp: 'Enter the code from your authenticator app, or a recovery code.',
};

/** What to say for the answers a sign-in can expect; anything else is shown as it came. */
function signInProblem(error: ApiError): { heading: string; text: string } | null {
  const wait = error.retryAfterSeconds === undefined ? 'a few minutes' : formatWait(error.retryAfterSeconds);
  if (error.code === 'invalid_credentials') {
    return { heading: 'Sign-in failed', text: 'The email address or password is not correct.' };
  }
  if (error.code === 'totp_invalid') {
    return {
      heading: 'That code did not work',
      text: 'Check your authenticator app and enter the current code, or use one of your recovery codes.',
    };
  }
  if (error.code === 'account_locked') {
    return {
      heading: 'Account temporarily locked',
      text: `There were too many failed sign-in attempts. Try again in ${wait}.`,
    };
  }
  if (error.code === 'rate_limited') {
    return { heading: 'Too many attempts', text: `Please wait ${wait} before trying again.` };
  }
  return null;
}

function SignInError({ error }: { error: unknown }) {
  // `totp_required` is not a failure: the form asks for the code next.
  if (!error || isApiError(error, 'totp_required')) return null;
  const problem = isApiError(error) ? signInProblem(error) : null;
  if (!problem) return <ErrorAlert error={error} heading="Sign-in failed" />;
  return (
    <Alert type="error" role="alert" className="margin-bottom-2">
      <AlertHeading level="h2">{problem.heading}</AlertHeading>
      <AlertText>{problem.text}</AlertText>
    </Alert>
  );
}

export function SignInPage() {
  const [params] = useSearchParams();
  const next = safeNextPath(params.get('next'));
  const me = useMe();
  const queryClient = useQueryClient();

  const [step, setStep] = useState<Step>('password');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [totp, setTotp] = useState('');
  const [clientErrors, setClientErrors] = useState<FieldErrors>({});
  const totpRef = useRef<HTMLInputElement>(null);

  const signIn = useMutation({
    mutationFn: login,
    onSuccess: (signedIn) => {
      // A fresh session: drop anything cached for whoever used this tab before.
      queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== meQueryKey[0] });
      queryClient.setQueryData(meQueryKey, signedIn);
    },
    onError: (error) => {
      if (isApiError(error, 'totp_required')) setStep('totp');
      if (isApiError(error, 'totp_invalid')) setTotp('');
    },
  });

  useEffect(() => {
    if (step === 'totp') totpRef.current?.focus();
  }, [step]);

  if (me.data) return <Navigate to={next} replace />;

  const submit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    const parsed = LoginRequest.safeParse({
      email: email.trim(),
      password,
      totp: step === 'totp' ? totp.replace(/\s+/g, '') : undefined,
    });
    const errors = parsed.success ? {} : fieldErrorsFromIssues(parsed.error.issues, FRIENDLY);
    if (step === 'totp' && totp.trim() === '') errors.totp = FRIENDLY.totp;
    setClientErrors(errors);
    if (parsed.success && Object.keys(errors).length === 0) signIn.mutate(parsed.data);
  };

  const startOver = () => {
    setStep('password');
    setTotp('');
    setPassword('');
    setClientErrors({});
    signIn.reset();
  };

  return (
    <>
      <PageHeading title="Sign in" />
      <div aria-live="polite">
        {step === 'totp' && (
          <p className="usa-intro" id="totp-instructions">
            Two-factor authentication is on for this account. Enter the six-digit code from your authenticator
            app, or one of your recovery codes.
          </p>
        )}
      </div>
      <FormErrorSummary errors={clientErrors} fields={FIELDS} />
      {Object.keys(clientErrors).length === 0 && !signIn.isPending && <SignInError error={signIn.error} />}
      <Form onSubmit={submit} noValidate>
        {step === 'password' ? (
          <>
            <TextField
              id={FIELDS.email.id}
              label={FIELDS.email.label}
              type="email"
              autoComplete="username"
              value={email}
              error={clientErrors.email}
              onChange={(event) => {
                setEmail(event.target.value);
              }}
            />
            <TextField
              id={FIELDS.password.id}
              label={FIELDS.password.label}
              type="password"
              autoComplete="current-password"
              value={password}
              error={clientErrors.password}
              onChange={(event) => {
                setPassword(event.target.value);
              }}
            />
            <Button type="submit" disabled={signIn.isPending}>
              {signIn.isPending ? 'Signing in…' : 'Sign in'}
            </Button>
            <p className="margin-top-3">
              <Link className="usa-link" to="/forgot-password">
                Forgot your password?
              </Link>
            </p>
          </>
        ) : (
          <>
            <p className="margin-top-2">
              Signing in as <strong>{email}</strong>
            </p>
            <TextField
              ref={totpRef}
              id={FIELDS.totp.id}
              label={FIELDS.totp.label}
              hint="Six digits, or a recovery code"
              inputMode="text"
              autoComplete="one-time-code"
              spellCheck={false}
              value={totp}
              error={clientErrors.totp}
              onChange={(event) => {
                setTotp(event.target.value);
              }}
            />
            <Button type="submit" disabled={signIn.isPending}>
              {signIn.isPending ? 'Verifying…' : 'Verify'}
            </Button>
            <Button type="button" unstyled className="margin-top-2" onClick={startOver}>
              Use a different account
            </Button>
          </>
        )}
      </Form>
    </>
  );
}
