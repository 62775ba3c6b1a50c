import { Button, Form } from '@trussworks/react-uswds';
import { useState } from 'react';
import { useDisableTotp, useRegenerateRecoveryCodes } from './account.api';
import { TotpCodeForm } from './totp-code-form';
import { FormProblems } from '../../app/form-errors';
import { checkFields, useFormSubmission } from '../../app/use-form-submission';
import { TextField } from '../../components/form-fields';
import { LiveRegion, SuccessMessage } from '../../components/status-message';

const DISABLE_FIELDS = { password: { label: 'Password', id: 'disable-password' } };

function DisableTotpForm() {
  const [password, setPassword] = useState('');
  const disable = useDisableTotp();

  const { onSubmit, errors } = useFormSubmission(disable, () =>
    checkFields(password === '' ? { password: 'Enter your password.' } : {}, password),
  );

  return (
    <>
      <FormProblems
        errors={errors}
        error={disable.error}
        fields={DISABLE_FIELDS}
        heading="Two-factor authentication is still on"
        headingLevel="h3"
      />
      <Form onSubmit={onSubmit} noValidate>
        <TextField
          id={DISABLE_FIELDS.password.id}
          label={DISABLE_FIELDS.password.label}
          type="password"
          autoComplete="current-password"
          value={password}
          error={errors.password}
          onChange={(event) => {
            setPassword(event.target.value);
          }}
        />
        <Button type="submit" secondary disabled={disable.isPending}>
          Turn off two-factor authentication
        </Button>
      </Form>
    </>
  );
}

/** Two-factor is on: new recovery codes, and (when no role requires it) turning it off. */
export function TotpManagement({
  canDisable,
  onNewCodes,
}: {
  canDisable: boolean;
  onNewCodes: (codes: string[]) => void;
}) {
  const regenerate = useRegenerateRecoveryCodes();
  return (
    <>
      <SuccessMessage>Two-factor authentication is on for your account.</SuccessMessage>

      <section aria-labelledby="regenerate-heading">
        <h2 id="regenerate-heading">Recovery codes</h2>
        <p>Generating new recovery codes replaces your old ones: the old codes stop working at once.</p>
        <TotpCodeForm
          id="recovery-totp-code"
          submitLabel="Generate new recovery codes"
          mutation={regenerate}
          onRecoveryCodes={onNewCodes}
        />
      </section>

      <section aria-labelledby="disable-heading" className="margin-top-5">
        <h2 id="disable-heading">Turn off two-factor authentication</h2>
        {canDisable ? (
          <>
            <p>Without two-factor authentication, your password alone protects your account.</p>
            <DisableTotpForm />
          </>
        ) : (
          <LiveRegion>
            <p>Clearinghouse staff must keep two-factor authentication on.</p>
          </LiveRegion>
        )}
      </section>
    </>
  );
}
