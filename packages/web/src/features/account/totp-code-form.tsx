import type { UseMutationResult } from '@tanstack/react-query';
import { Button, Form } from '@trussworks/react-uswds';
import { useState } from 'react';
import { TotpCodeRequest, type RecoveryCodes } from '@clearinghouse/shared';
import { isApiError } from '../../app/api';
import { FormProblems } from '../../app/form-errors';
import { checkParsed, useFormSubmission } from '../../app/use-form-submission';
import { TextField } from '../../components/form-fields';

const CODE_MESSAGE = 'Enter the six-digit code your authenticator app shows now.';

/**
 * One field for the current authenticator code, and a button: the code goes to `mutation`, and
 * the recovery codes it answers with to `onRecoveryCodes`.
 */
export function TotpCodeForm({
  id,
  submitLabel,
  mutation,
  onRecoveryCodes,
}: {
  id: string;
  submitLabel: string;
  mutation: UseMutationResult<RecoveryCodes, Error, TotpCodeRequest>;
  onRecoveryCodes: (codes: string[]) => void;
}) {
  const [code, setCode] = useState('');
  const fields = { code: { label: 'Authentication code', id } };

  const form = useFormSubmission(
    mutation,
    () => checkParsed(TotpCodeRequest.safeParse({ code: code.replace(/\s+/g, '') }), { code: CODE_MESSAGE }),
    {
      onSuccess: (result) => {
        onRecoveryCodes(result.recoveryCodes);
      },
    },
  );
  // A refused code comes after the form's own check passed, so it never hides a problem found here.
  const errors = isApiError(mutation.error, 'totp_invalid')
    ? { code: 'That code did not match. Check the time on your device and enter the current code.' }
    : form.errors;

  return (
    <>
      <FormProblems errors={errors} error={mutation.error} fields={fields} headingLevel="h3" />
      <Form onSubmit={form.onSubmit} noValidate>
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
        <Button type="submit" disabled={mutation.isPending}>
          {submitLabel}
        </Button>
      </Form>
    </>
  );
}
