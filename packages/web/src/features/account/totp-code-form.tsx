import { Button, Form } from '@trussworks/react-uswds';
import { useState, type SubmitEvent } from 'react';
import { TotpCodeRequest } from '@clearinghouse/shared';
import { combineFieldErrors, FormProblems, type FieldErrors } from '../../app/form-errors';
import { isApiError } from '../../app/api';
import { TextField } from '../../components/form-fields';

const CODE_MESSAGE = 'Enter the six-digit code your authenticator app shows now.';

/** One field for the current authenticator code, and a button. */
export function TotpCodeForm({
  id,
  submitLabel,
  pending,
  error,
  onSubmit,
}: {
  id: string;
  submitLabel: string;
  pending: boolean;
  error: unknown;
  onSubmit: (code: string) => void;
}) {
  const [code, setCode] = useState('');
  const [clientErrors, setClientErrors] = useState<FieldErrors>({});
  const fields = { code: { label: 'Authentication code', id } };

  const submit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    const parsed = TotpCodeRequest.safeParse({ code: code.replace(/\s+/g, '') });
    setClientErrors(parsed.success ? {} : { code: CODE_MESSAGE });
    if (parsed.success) onSubmit(parsed.data.code);
  };

  const errors =
    Object.keys(clientErrors).length === 0 && isApiError(error, 'totp_invalid')
      ? { code: 'That code did not match. Check the time on your device and enter the current code.' }
      : combineFieldErrors(clientErrors, error);

  return (
    <>
      <FormProblems errors={errors} error={error} fields={fields} headingLevel="h3" />
      <Form onSubmit={submit} noValidate>
        <TextField
          id={id}
          label={fields.code.label}
          hint="The six-digit code your authenticator app shows now"
          inputMode="numeric"
          autoComplete="one-time-code"
          spellCheck={false}
          value={code}
          error={errors.code}
          onChange={(event) => {
            setCode(event.target.value);
          }}
        />
        <Button type="submit" disabled={pending}>
          {submitLabel}
        </Button>
      </Form>
    </>
  );
}
